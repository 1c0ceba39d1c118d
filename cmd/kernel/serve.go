package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"

	"github.com/descentlab/descent/cmd/kernel/internal/prebind"
	"github.com/descentlab/descent/jupyter"
)

// cmdServe runs the kernel for the connection file given with -f, until Jupyter shuts it
// down. SIGINT interrupts the running cell (jupyter_client sends it on interrupt, restart
// and shutdown) and never kills the kernel; SIGTERM stops it. Cells run in a worker
// process (see worker.go and package remote), so no cell can take this one down.
func cmdServe(args []string, stderr io.Writer) int {
	fs := newFlags("kernel", stderr)
	connFile := fs.String("f", "", "Jupyter connection `file`")
	level := fs.String("log-level", "warn", "log `level`: debug, info, warn or error")
	var prot protection
	prot.register(fs, "0")
	var plugins pluginDirs
	plugins.register(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *connFile == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	log, err := newLogger(stderr, *level)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	limit, timeout, err := prot.resolve(0, func(msg string) { log.Warn(msg) })
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	conn, err := jupyter.ReadConnectionFile(*connFile)
	if err != nil {
		log.Error("cannot start", "err", err)
		return 1
	}
	for _, pl := range prebind.Listeners {
		l, err := net.FileListener(pl.File)
		pl.File.Close() // FileListener holds its own copy of the descriptor
		if err != nil {
			log.Warn("early bind unusable; binding again", "addr", pl.Addr, "err", err)
			continue
		}
		jupyter.AdoptListener("tcp", pl.Addr, l)
	}
	// The interpreter runs in a worker process, which starts while the server answers
	// kernel_info (a client waits for that reply before it sends any code) and is
	// replaced whenever a cell kills it. Widgets talk to the front end through the
	// server (see comms.go).
	var server atomic.Pointer[jupyter.Server]
	sup := newCommSupervisor(supervisorConfig(log, limit, timeout, plugins), &server)
	sup.Start()
	defer sup.Close()
	srv, err := jupyter.NewServer(conn, commSupervisor{sup}, log)
	if err != nil {
		log.Error("cannot start", "err", err)
		return 1
	}
	server.Store(srv)
	err = srv.Listen()
	jupyter.DropAdopted()
	if err != nil {
		log.Error("cannot listen", "err", err)
		return 1
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	sigint := make(chan os.Signal, 1)
	signal.Notify(sigint, os.Interrupt)
	go func() {
		for range sigint {
			log.Info("SIGINT: interrupting the running cell")
			srv.Interrupt()
		}
	}()
	restart, err := srv.Serve(ctx)
	if err != nil {
		log.Error("kernel stopped", "err", err)
		return 1
	}
	log.Info("kernel shut down", "restart", restart)
	return 0
}

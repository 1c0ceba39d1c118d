package jupyter_test

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/descentlab/descent/jupyter"
)

// myEvaluator stands for the binary's adapter around its interpreter.
type myEvaluator struct{ jupyter.Evaluator }

// A kernel binary reads the connection file Jupyter passes it, turns SIGINT
// into an interrupt of the running cell, serves until shutdown and exits with
// a status telling its launcher whether a restart was asked for.
func ExampleServer() {
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil)) // stdout stays clean
	conn, err := jupyter.ReadConnectionFile(os.Args[1])
	if err != nil {
		logger.Error("bad connection file", "err", err)
		os.Exit(2)
	}
	srv, err := jupyter.NewServer(conn, myEvaluator{}, logger)
	if err != nil {
		logger.Error("cannot start kernel", "err", err)
		os.Exit(2)
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	go func() {
		for range sigs {
			srv.Interrupt()
		}
	}()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	restart, err := srv.Serve(ctx)
	if err != nil {
		logger.Error("kernel failed", "err", err)
		os.Exit(1)
	}
	logger.Info("kernel exited", "restart", restart)
}

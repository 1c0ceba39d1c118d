package plugin

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/descentlab/descent/interp/front"
	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/schedule"
)

// The registries are process-wide, and so is what this package knows about them: which
// file or cell registered each name, and which files are loaded.
var state = struct {
	sync.Mutex
	origins map[string]Plugin  // by key(kind, name): the names registered here
	owner   map[string]string  // by key: the id of the file (or cellOwner) that registered it
	files   map[string]*loaded // by id: absolute path, or name for an embedded file
	order   []string           // ids in first-load order
}{origins: map[string]Plugin{}, owner: map[string]string{}, files: map[string]*loaded{}}

// loaded is a file loaded (or tried) before.
type loaded struct {
	name   string // as positions show it
	path   string // on disk (absolute), or "" for an embedded file
	size   int64
	mtime  time.Time
	sum    [32]byte
	keys   []string // what it registered
	report *Report  // of its latest load
}

// LoadFile loads the Go file at path (see the package documentation) and reports what
// it registered. Loading a file again replaces what it registered before; a name the
// file no longer registers is left with a factory that says so. A file that fails to
// compile or run leaves the registrations of its previous version in place. The error
// is for a file that cannot be read.
func LoadFile(path string) (*Report, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(abs)
	if err != nil {
		return nil, fmt.Errorf("plugin: %w", err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("plugin: %w", err)
	}
	return load(abs, displayName(abs), abs, fi, string(b)), nil
}

// LoadPath loads a file, or every .go file of a folder (not its subfolders, and not
// _test.go files), in name order. Each file is a plugin of its own: files of one folder
// do not see each other's declarations. The error is for a path that cannot be read; a
// folder's unreadable files are reported in their own reports.
func LoadPath(path string) ([]*Report, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("plugin: %w", err)
	}
	if !fi.IsDir() {
		r, err := LoadFile(path)
		if err != nil {
			return nil, err
		}
		return []*Report{r}, nil
	}
	files, err := goFiles(os.DirFS(path), ".")
	if err != nil {
		return nil, fmt.Errorf("plugin: %s: %w", path, err)
	}
	var out []*Report
	for _, f := range files {
		r, err := LoadFile(filepath.Join(path, filepath.FromSlash(f)))
		if err != nil {
			r = &Report{File: displayName(filepath.Join(path, f)), Errors: []string{err.Error()}}
		}
		out = append(out, r)
	}
	return out, nil
}

// LoadDirs loads the plugin folders dirs in order, the later ones winning when two
// register the same name. A folder that does not exist is skipped; one that cannot be
// read is reported.
func LoadDirs(dirs []string) []*Report {
	var out []*Report
	for _, d := range dirs {
		if _, err := os.Stat(d); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		rs, err := LoadPath(d)
		if err != nil {
			out = append(out, &Report{File: d, Errors: []string{err.Error()}})
			continue
		}
		out = append(out, rs...)
	}
	return out
}

// LoadFS loads the .go files at the top of fsys, such as the plugins embedded in the
// kernel, naming them prefix/NAME in positions. Embedded files never change, so they are
// not reloaded.
func LoadFS(fsys fs.FS, prefix string) []*Report {
	files, err := goFiles(fsys, ".")
	if err != nil {
		return []*Report{{File: prefix, Errors: []string{err.Error()}}}
	}
	var out []*Report
	for _, f := range files {
		name := path.Join(prefix, f)
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			out = append(out, &Report{File: name, Errors: []string{err.Error()}})
			continue
		}
		out = append(out, load(name, name, "", nil, string(b)))
	}
	return out
}

// goFiles lists the plugin files at the top of a folder, sorted.
func goFiles(fsys fs.FS, dir string) ([]string, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() || e.Type()&fs.ModeSymlink != 0 {
			if strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") && !strings.HasPrefix(n, ".") {
				out = append(out, path.Join(dir, n))
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

// Check runs the file name (text src) and tries out its registrations as loading would,
// without registering anything: for kernel plugin check.
func Check(name, src string) *Report { return check(name, src).report }

// checked is a file run and tried out: its report, the factories of the registrations
// that passed (by key; nil if the file did not run), and the keys of those that failed.
type checked struct {
	report    *Report
	factories map[string]any
	failed    map[string]bool
}

func check(name, src string) checked {
	c := checked{report: &Report{File: name}, failed: map[string]bool{}}
	u, err := run(name, src)
	if err != nil {
		c.report.Errors = errorLines(err)
		return c
	}
	c.factories = map[string]any{}
	for _, p := range u.pending {
		if p.err != nil && !isUnchecked(p.err) {
			c.report.Errors = append(c.report.Errors, fmt.Sprintf("%s: %s %q not registered: %v", p.at, p.kind, p.name, p.err))
			c.failed[key(p.kind, p.name)] = true
			continue
		}
		pl := Plugin{Kind: p.kind, Name: p.name, Origin: p.at, Doc: p.doc}
		if p.err != nil {
			pl.Note = p.err.Error()
		}
		c.report.Plugins = append(c.report.Plugins, pl)
		c.factories[key(p.kind, p.name)] = p.factory
	}
	return c
}

// load runs a file and registers what passed its trial. id identifies the file across
// loads (its absolute path, or its name for an embedded file). A registration that the
// new version makes but that fails its trial leaves the previous version's in place.
func load(id, name, abs string, fi fs.FileInfo, src string) *Report {
	c := check(name, src)
	r, factories := c.report, c.factories
	state.Lock()
	defer state.Unlock()
	prev := state.files[id]
	r.Reloaded = prev != nil
	l := &loaded{name: name, path: abs, sum: sha256.Sum256([]byte(src)), report: r}
	if fi != nil {
		l.size, l.mtime = fi.Size(), fi.ModTime()
	}
	if prev == nil {
		state.order = append(state.order, id)
	} else {
		l.keys = prev.keys
	}
	state.files[id] = l
	if factories == nil {
		if prev != nil && len(prev.keys) > 0 {
			r.Notes = append(r.Notes, fmt.Sprintf("%s: the plugins of the version loaded before stay registered", name))
		}
		return r
	}
	registered := map[string]bool{}
	kept := r.Plugins[:0]
	for _, p := range r.Plugins {
		k := key(p.Kind, p.Name)
		if owner, ok := state.owner[k]; ok && owner != id {
			r.Notes = append(r.Notes, fmt.Sprintf("%s: %s %q replaces the one from %s", p.Origin, p.Kind, p.Name, state.origins[k].Origin))
		}
		if err := registerReal(p.Kind, p.Name, factories[k]); err != nil {
			r.Errors = append(r.Errors, fmt.Sprintf("%s: %v", p.Origin, err))
			continue
		}
		state.origins[k], state.owner[k] = p, id
		registered[k] = true
		kept = append(kept, p)
	}
	r.Plugins = kept
	if prev != nil {
		for _, k := range prev.keys {
			if registered[k] || state.owner[k] != id {
				continue
			}
			if c.failed[k] {
				registered[k] = true // still the previous version's
				r.Notes = append(r.Notes, fmt.Sprintf("%s: %s %q of the version loaded before stays registered", name, state.origins[k].Kind, state.origins[k].Name))
				continue
			}
			o := state.origins[k]
			o.Note = fmt.Sprintf("removed: %s no longer registers it", name)
			_ = registerReal(o.Kind, o.Name, removedFactory(o.Kind, o.Name, name))
			state.origins[k] = o
		}
	}
	l.keys = nil
	for k := range registered {
		l.keys = append(l.keys, k)
	}
	sort.Strings(l.keys)
	return r
}

// registerReal registers f (of the kind's Factory type) in the kind's registry.
func registerReal(k Kind, name string, f any) error {
	switch k {
	case Optimizer:
		return optimizers.Register(name, f.(optimizers.Factory))
	case Schedule:
		return schedule.Register(name, f.(schedule.Factory))
	case Loss:
		return loss.Register(name, f.(loss.Factory))
	}
	return fmt.Errorf("unknown kind %q", k)
}

// removedFactory is left under a name that a reloaded file stopped registering.
func removedFactory(k Kind, name, file string) any {
	err := func() error {
		return fmt.Errorf("%s %q was registered by %s, which no longer registers it since it was reloaded", k, name, file)
	}
	switch k {
	case Optimizer:
		return optimizers.Factory(func(map[string]any) (optimizers.Optimizer, error) { return nil, err() })
	case Schedule:
		return schedule.Factory(func(optimizers.Optimizer, map[string]any) (schedule.Scheduler, error) { return nil, err() })
	default:
		return loss.Factory(func(map[string]any) (loss.Loss, error) { return nil, err() })
	}
}

// errorLines splits a load error into its messages, one per problem.
func errorLines(err error) []string {
	var fe *front.Error
	if errors.As(err, &fe) {
		return fe.List
	}
	return []string{err.Error()}
}

func isUnchecked(err error) bool {
	var u unchecked
	return errors.As(err, &u)
}

// displayName is how positions name a file on disk: relative to the working directory
// (the notebook's folder) when it is below it, as ./NAME so that it cannot be taken for a
// shipped plugin (plugins/NAME), else absolute.
func displayName(abs string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, abs); err == nil && !strings.HasPrefix(rel, "..") {
			return "./" + filepath.ToSlash(rel)
		}
	}
	return abs
}

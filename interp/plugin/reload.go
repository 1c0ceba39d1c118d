package plugin

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
)

// Changed returns the names of the files loaded from disk that changed (or went away)
// since they were loaded, without reloading them.
func Changed() []string {
	var out []string
	for _, c := range changed() {
		out = append(out, c.name)
	}
	return out
}

// ReloadChanged loads again every file loaded from disk whose contents changed since it
// was loaded, and reports each (see LoadFile). A file that went away is reported once,
// and its plugins stay registered.
func ReloadChanged() []*Report {
	var out []*Report
	for _, c := range changed() {
		if c.gone {
			state.Lock()
			if l := state.files[c.id]; l != nil {
				l.path = "" // reported once
			}
			state.Unlock()
			out = append(out, &Report{File: c.name, Errors: []string{c.name + ": deleted since it was loaded; its plugins stay registered until the kernel restarts"}})
			continue
		}
		r, err := LoadFile(c.path)
		if err != nil {
			r = &Report{File: c.name, Errors: []string{err.Error()}}
		}
		out = append(out, r)
	}
	return out
}

// change is a loaded file whose contents differ from what was loaded.
type change struct {
	id, name, path string
	gone           bool
}

// changed finds the loaded files whose contents changed, by size and modification time
// first, then by contents (an editor that saves the same text changes only the time).
func changed() []change {
	state.Lock()
	var files []loaded
	var ids []string
	for _, id := range state.order {
		if l := state.files[id]; l.path != "" {
			files = append(files, *l)
			ids = append(ids, id)
		}
	}
	state.Unlock()
	var out []change
	for i, l := range files {
		fi, err := os.Stat(l.path)
		if errors.Is(err, fs.ErrNotExist) {
			out = append(out, change{id: ids[i], name: l.name, path: l.path, gone: true})
			continue
		}
		if err != nil || (fi.Size() == l.size && fi.ModTime().Equal(l.mtime)) {
			continue
		}
		b, err := os.ReadFile(l.path)
		if err != nil {
			continue
		}
		if sum := sha256.Sum256(b); bytes.Equal(sum[:], l.sum[:]) {
			state.Lock()
			if cur := state.files[ids[i]]; cur != nil {
				cur.size, cur.mtime = fi.Size(), fi.ModTime()
			}
			state.Unlock()
			continue
		}
		out = append(out, change{id: ids[i], name: l.name, path: l.path})
	}
	return out
}

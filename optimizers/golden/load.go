package golden

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// File is a decoded golden file: the torch.optim one (shared/golden/README.md §3) or the
// one beyond torch.optim (shared/golden/ext/README.md §3), whose schema is a superset.
type File struct {
	Meta       Meta                   `json:"meta"`
	Problems   map[string]ProblemSpec `json:"problems"`
	Optimizers []OptCase              `json:"optimizers"`
	LBFGS      []LBFGSCase            `json:"lbfgs"`
	Schedulers []SchedCase            `json:"schedulers"`
	// Path is where the file was read from.
	Path string `json:"-"`
}

// Meta is the part of the file's meta data the replay uses.
type Meta struct {
	Generator             string         `json:"generator"`
	Sources               map[string]any `json:"sources"`
	DefaultTolerance      float64        `json:"default_tolerance"`
	DefaultStateTolerance float64        `json:"default_state_tolerance"`
}

// Ext reports whether f holds the optimizers beyond torch.optim, whose files leave the
// lbfgs and schedulers sections empty.
func (f *File) Ext() bool { return f.Meta.Generator == "gen_ext.py" || len(f.Meta.Sources) > 0 }

// ProblemSpec is the data stored with each problem: its tensors, and sanity values.
type ProblemSpec struct {
	Tensors []struct {
		Name  string    `json:"name"`
		Shape []int     `json:"shape"`
		Init  []float64 `json:"init"`
	} `json:"tensors"`
	X0Flat      []float64 `json:"x0_flat"`
	LossAtX0    float64   `json:"loss_at_x0"`
	GradAtX0Flt []float64 `json:"grad_at_x0_flat"`
}

// OptCase is one optimizer trajectory. The fields after FinalState are the ext file's.
type OptCase struct {
	ID         string               `json:"id"`
	Optimizer  string               `json:"optimizer"`
	Impl       string               `json:"impl"`
	Problem    string               `json:"problem"`
	Hyper      map[string]any       `json:"hyper"`
	Clip       map[string]any       `json:"clip"`
	Groups     []map[string]any     `json:"groups"`
	Schedule   map[string]any       `json:"schedule"`
	Steps      int                  `json:"steps"`
	Params     [][]float64          `json:"params"`
	Losses     []float64            `json:"losses"`
	LRUsed     []float64            `json:"lr_used"`
	FinalState map[string][]float64 `json:"final_state"`

	Source           string                   `json:"source"`
	SourceRepo       string                   `json:"source_repo"`
	Tolerance        float64                  `json:"tolerance"`
	StateTolerance   float64                  `json:"state_tolerance"`
	Inner            map[string]any           `json:"inner"`
	FinalStateLayout map[string][]LayoutChunk `json:"final_state_layout"`
	FinalGroup       map[string]float64       `json:"final_group"`
	Trace            map[string][][]float64   `json:"trace"`
	EvalParams       [][]float64              `json:"eval_params"`
	EvalLosses       []float64                `json:"eval_losses"`
	Z                [][]float64              `json:"z"`
}

// LayoutChunk is one tensor's part of a final_state entry.
type LayoutChunk struct {
	Tensor string `json:"tensor"`
	Shape  []int  `json:"shape"`
}

// LBFGSCase is one closure-driven LBFGS trajectory.
type LBFGSCase struct {
	ID           string         `json:"id"`
	Optimizer    string         `json:"optimizer"`
	Problem      string         `json:"problem"`
	Hyper        map[string]any `json:"hyper"`
	Steps        int            `json:"steps"`
	Params       [][]float64    `json:"params"`
	Losses       []float64      `json:"losses"`
	ClosureEvals []int          `json:"closure_evals"`
}

// SchedCase is one scheduler's lr (and momentum) sequence.
type SchedCase struct {
	ID        string         `json:"id"`
	Scheduler string         `json:"scheduler"`
	Args      map[string]any `json:"args"`
	Optimizer map[string]any `json:"optimizer"`
	LR        []float64      `json:"lr"`
	Momentum  []float64      `json:"momentum"`
	Metrics   []float64      `json:"metrics"`
}

// Load reads and decodes a golden file.
func Load(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("golden file: %w", err)
	}
	var f File
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("golden file %s: %w", path, err)
	}
	f.Path = path
	return &f, nil
}

// Case returns the optimizer case with the given id.
func (f *File) Case(id string) (OptCase, error) {
	for _, c := range f.Optimizers {
		if c.ID == id {
			return c, nil
		}
	}
	return OptCase{}, fmt.Errorf("golden file %s has no case %q", f.Path, id)
}

// OptimizerNames lists the optimizers the file has cases for, sorted.
func (f *File) OptimizerNames() []string {
	seen := map[string]bool{}
	for _, c := range f.Optimizers {
		seen[c.Optimizer] = true
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Legacy reports whether a case reproduces a torch bug the library deliberately fixes:
// ids containing "[legacy" (torch 1.13's NAdam, shared/golden/README.md §3).
func Legacy(id string) bool { return strings.Contains(id, "[legacy") }

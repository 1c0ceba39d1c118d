package remote

import (
	"context"
	"fmt"

	"github.com/descentlab/descent/jupyter"
)

// rerun serves %rerun: it re-executes, in order, the cells that succeeded since the last
// %reset and were lost in a restart, stopping at the first error.
func (s *Supervisor) rerun(ctx context.Context, req *jupyter.ExecuteRequest, out jupyter.Output) *jupyter.ExecuteResult {
	cells, at := s.cells.lost()
	say := func(format string, args ...any) {
		if !req.Silent {
			out.Stream("stdout", fmt.Sprintf(format, args...))
		}
	}
	if len(cells) == 0 {
		say("%%rerun: nothing to re-execute: no cell that succeeded was lost since the last restart or %%reset.\n")
		return &jupyter.ExecuteResult{}
	}
	for i, c := range cells {
		say("%%rerun: In [%d] (%d of %d)\n", c.count, i+1, len(cells))
		sub := &jupyter.ExecuteRequest{Code: c.code, ExecutionCount: c.count, AllowStdin: req.AllowStdin,
			StopOnError: true, Silent: req.Silent}
		res, _ := s.run(ctx, sub, noResult{out})
		if e := res.Error; e != nil {
			where := fmt.Sprintf("%%rerun stopped at In [%d] (%d of %d); the %d cells before it were re-executed", c.count, i+1, len(cells), i)
			return &jupyter.ExecuteResult{Error: &jupyter.ErrorInfo{
				Name: e.Name, Value: where + ": " + e.Value,
				Traceback: append([]string{where + ":"}, e.Traceback...),
			}}
		}
		s.cells.revive(at[i], c.count)
	}
	say("%%rerun: re-executed %d cells.\n", len(cells))
	return &jupyter.ExecuteResult{}
}

// noResult passes a re-executed cell's output on, except the value of its last
// expression: the cell showing is %rerun, whose result it is not.
type noResult struct{ jupyter.Output }

func (noResult) Result(map[string]any, map[string]any) {}

package jupyter

import (
	"fmt"
	"regexp"
	"strings"
)

// historyLimit bounds the in-memory history; older entries are forgotten.
const historyLimit = 10000

// historySession is the session number reported for every entry: history is
// kept only for the life of the process, which is one session.
const historySession = 1

// historyRequest is the content of a history_request.
type historyRequest struct {
	Output         bool   `json:"output"`
	Raw            bool   `json:"raw"`
	HistAccessType string `json:"hist_access_type"`
	Session        int    `json:"session"`
	Start          int    `json:"start"`
	Stop           *int   `json:"stop"`
	N              *int   `json:"n"`
	Pattern        string `json:"pattern"`
	Unique         bool   `json:"unique"`
}

type historyEntry struct {
	line int
	code string
}

// history is the code of the stored executions of this process.
type history struct {
	entries []historyEntry
}

func (h *history) add(line int, code string) {
	if len(h.entries) >= historyLimit {
		h.entries = append(h.entries[:0], h.entries[1:]...)
	}
	h.entries = append(h.entries, historyEntry{line, code})
}

// query answers a history request with [session, line, input] triples, or
// [session, line, [input, null]] when output is asked for (outputs are not kept).
func (h *history) query(r historyRequest) ([]any, error) {
	var sel []historyEntry
	switch r.HistAccessType {
	case "tail", "":
		sel = tail(h.entries, r.N)
	case "range":
		for _, e := range h.entries {
			if e.line >= r.Start && (r.Stop == nil || *r.Stop <= 0 || e.line < *r.Stop) {
				sel = append(sel, e)
			}
		}
	case "search":
		re, err := globRegexp(r.Pattern)
		if err != nil {
			return nil, err
		}
		seen := map[string]bool{}
		// Walk backwards so "unique" keeps the most recent occurrence.
		for i := len(h.entries) - 1; i >= 0; i-- {
			e := h.entries[i]
			if !re.MatchString(e.code) || (r.Unique && seen[e.code]) {
				continue
			}
			seen[e.code] = true
			sel = append([]historyEntry{e}, sel...)
		}
		sel = tail(sel, r.N)
	default:
		return nil, fmt.Errorf("hist_access_type %q is not supported (valid: \"tail\", \"range\", \"search\")", r.HistAccessType)
	}
	out := make([]any, 0, len(sel))
	for _, e := range sel {
		var in any = e.code
		if r.Output {
			in = []any{e.code, nil}
		}
		out = append(out, []any{historySession, e.line, in})
	}
	return out, nil
}

func tail(es []historyEntry, n *int) []historyEntry {
	if n != nil && *n >= 0 && *n < len(es) {
		return es[len(es)-*n:]
	}
	return es
}

// globRegexp compiles a history search pattern, where * and ? are the only
// wildcards, into an anchored regular expression.
func globRegexp(pattern string) (*regexp.Regexp, error) {
	if pattern == "" {
		pattern = "*"
	}
	var b strings.Builder
	b.WriteString(`(?s)^`)
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}

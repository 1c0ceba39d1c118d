package data

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// LoadCSV reads the CSV file at path; see ReadCSV.
func LoadCSV(path, target string) (*Dataset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	defer f.Close()
	d, err := ReadCSV(f, target)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// ReadCSV reads a CSV table whose first line is a header and whose every other field is a
// number. The column named target becomes the single target and every other column a
// feature, in file order. Errors name the line and column (both from 1) of the problem.
func ReadCSV(r io.Reader, target string) (*Dataset, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // ragged rows get our own message, naming the header width
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("data: CSV is empty, want a header line")
	}
	if err != nil {
		return nil, csvError(err)
	}
	ti := -1
	seen := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		header[i] = h
		if j, dup := seen[h]; dup {
			return nil, fmt.Errorf("data: line 1: columns %d and %d are both named %q", j+1, i+1, h)
		}
		seen[h] = i
		if h == target {
			ti = i
		}
	}
	if ti < 0 {
		return nil, fmt.Errorf("data: no target column %q; columns: %s", target, strings.Join(header, ", "))
	}
	if len(header) < 2 {
		return nil, fmt.Errorf("data: only the target column %q, want at least one feature column", target)
	}
	d := &Dataset{Features: len(header) - 1, Targets: 1, TargetName: target}
	for i, h := range header {
		if i != ti {
			d.FeatureNames = append(d.FeatureNames, h)
		}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(header) {
			return nil, fmt.Errorf("data: line %d: %d fields, want %d as in the header (%s)", line, len(rec), len(header), strings.Join(header, ", "))
		}
		for i, field := range rec {
			v, err := strconv.ParseFloat(strings.TrimSpace(field), 64)
			if err != nil {
				fl, _ := cr.FieldPos(i)
				return nil, fmt.Errorf("data: line %d, column %d (%q): %q is not a number", fl, i+1, header[i], field)
			}
			if i == ti {
				d.Y = append(d.Y, v)
			} else {
				d.X = append(d.X, v)
			}
		}
		d.N++
	}
	if d.N == 0 {
		return nil, fmt.Errorf("data: CSV has a header but no rows")
	}
	return d, nil
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("data: line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
	}
	return fmt.Errorf("data: %w", err)
}

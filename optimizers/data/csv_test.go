package data

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadCSV(t *testing.T) {
	d, err := ReadCSV(strings.NewReader("a, price ,b\n1,10,2\n3,30,4\n\n5,50,6e-1\n"), "price")
	if err != nil {
		t.Fatal(err)
	}
	wantX, wantY := []float64{1, 2, 3, 4, 5, 0.6}, []float64{10, 30, 50}
	if d.N != 3 || d.Features != 2 || d.Targets != 1 || d.TargetName != "price" ||
		strings.Join(d.FeatureNames, ",") != "a,b" {
		t.Fatalf("shape %v, names %v", d, d.FeatureNames)
	}
	for i := range wantX {
		if d.X[i] != wantX[i] {
			t.Fatalf("X = %v, want %v", d.X, wantX)
		}
	}
	for i := range wantY {
		if d.Y[i] != wantY[i] {
			t.Fatalf("Y = %v, want %v", d.Y, wantY)
		}
	}
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name, csv, target, want string
	}{
		{"ragged row", "x,y\n1,2\n3\n", "y", "line 3: 1 fields, want 2 as in the header (x, y)"},
		{"long row", "x,y\n1,2\n3,4,5\n", "y", "line 3: 3 fields, want 2"},
		{"non-numeric", "x,age,y\n1,2,3\n4,abc,6\n", "y", `line 3, column 2 ("age"): "abc" is not a number`},
		{"non-numeric target", "x,y\n1,n/a\n", "y", `line 2, column 2 ("y"): "n/a" is not a number`},
		{"line counts blank lines", "x,y\n\n\n1,oops\n", "y", `line 4, column 2`},
		{"missing target", "x,y\n1,2\n", "z", `no target column "z"; columns: x, y`},
		{"empty", "", "y", "CSV is empty"},
		{"no rows", "x,y\n", "y", "header but no rows"},
		{"only target", "y\n1\n", "y", "want at least one feature column"},
		{"duplicate column", "x,x,y\n1,2,3\n", "y", `columns 1 and 2 are both named "x"`},
		{"bad quote", "x,y\n1,\"2\n", "y", "line 2, column"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tt.csv), tt.target)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestLoadCSV(t *testing.T) {
	path := filepath.Join(t.TempDir(), "house.csv")
	if err := os.WriteFile(path, []byte("rooms,price\n3,x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadCSV(path, "price")
	if err == nil || !strings.Contains(err.Error(), "house.csv: data: line 2, column 2") {
		t.Errorf("error %v, want the file name, line and column", err)
	}
	if _, err := LoadCSV(filepath.Join(t.TempDir(), "missing.csv"), "y"); err == nil {
		t.Error("missing file accepted")
	}
}

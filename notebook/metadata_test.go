package notebook

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestSetMetadata(t *testing.T) {
	nb, err := Read(strings.NewReader(`{"cells": [], "metadata": {"kept": 1}, "nbformat": 4, "nbformat_minor": 5}`))
	if err != nil {
		t.Fatal(err)
	}
	nb.SetMetadata("widgets", map[string]any{"state": map[string]any{}})
	nb.SetMetadata("gone", "x")
	nb.SetMetadata("gone", nil)
	var b bytes.Buffer
	if err := nb.Write(&b); err != nil {
		t.Fatal(err)
	}
	back, err := Read(&b)
	if err != nil {
		t.Fatal(err)
	}
	md := back.raw["metadata"].(map[string]any)
	if fmt.Sprint(md["kept"]) != "1" || md["widgets"] == nil || md["gone"] != nil {
		t.Errorf("metadata after a round trip: %v", md)
	}
}

package kernel

import (
	"context"
	"testing"
)

func TestContextOutsideACell(t *testing.T) {
	if Context() != context.Background() {
		t.Errorf("Context() = %v outside a cell, want context.Background()", Context())
	}
	if Interrupted() {
		t.Error("Interrupted() outside a cell")
	}
	if _, err := Input("name? "); err == nil {
		t.Error("Input outside a cell succeeded")
	}
}

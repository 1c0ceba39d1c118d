package host

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

type fakeHost struct {
	ctx   context.Context
	shown []string
}

func (f *fakeHost) Context() context.Context { return f.ctx }
func (f *fakeHost) Display(data, _ map[string]any, id string, update bool) {
	f.shown = append(f.shown, id)
}

func TestBindWithoutHostReturnsTheSameContext(t *testing.T) {
	Set(nil)
	ctx := context.WithValue(context.Background(), struct{}{}, 1)
	got, release := Bind(ctx)
	defer release()
	if got != ctx {
		t.Fatal("Bind without a host must return its context unchanged")
	}
	if Present() {
		t.Fatal("Present() with no host")
	}
	Display(map[string]any{"text/plain": "x"}, nil, "", false) // must not panic
}

func TestBindStopsWhenTheHostIsCancelled(t *testing.T) {
	hc, cancelHost := context.WithCancel(context.Background())
	f := &fakeHost{ctx: hc}
	Set(f)
	defer Set(nil)

	ctx, release := Bind(context.Background())
	defer release()
	if ctx.Err() != nil {
		t.Fatal("bound context done before the host's")
	}
	cancelHost()
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("bound context not done 5 s after the host's was cancelled")
	}
	if !errors.Is(ctx.Err(), context.Canceled) || !errors.Is(context.Cause(ctx), context.Canceled) {
		t.Fatalf("err %v, cause %v; want context.Canceled", ctx.Err(), context.Cause(ctx))
	}
}

func TestBindKeepsTheCallersCancellation(t *testing.T) {
	Set(&fakeHost{ctx: context.Background()})
	defer Set(nil)
	parent, cancel := context.WithCancel(context.Background())
	ctx, release := Bind(parent)
	defer release()
	cancel()
	<-ctx.Done()

	var nilCtx context.Context
	got, release2 := Bind(nilCtx)
	defer release2()
	if got == nil || got.Err() != nil {
		t.Fatal("Bind(nil) must give a live background context")
	}
}

func TestBindReleaseLeavesTheHostAlone(t *testing.T) {
	hc, cancelHost := context.WithCancel(context.Background())
	defer cancelHost()
	Set(&fakeHost{ctx: hc})
	defer Set(nil)
	ctx, release := Bind(context.Background())
	release()
	if ctx.Err() == nil {
		t.Fatal("a released binding must be done")
	}
	if hc.Err() != nil {
		t.Fatal("releasing a binding cancelled the host")
	}
}

func TestDisplayGoesToTheHost(t *testing.T) {
	f := &fakeHost{ctx: context.Background()}
	Set(f)
	defer Set(nil)
	Display(map[string]any{"text/plain": "a"}, nil, "id1", false)
	Display(map[string]any{"text/plain": "b"}, nil, "id1", true)
	if len(f.shown) != 2 || f.shown[0] != "id1" {
		t.Fatalf("host saw %v", f.shown)
	}
}

// explainer is a host whose user code panics with values of its own.
type explainer struct{ fakeHost }

func (explainer) Recovered(r any) any { return fmt.Sprint("explained: ", r) }

func TestRecoveredAsTheHostExplainsIt(t *testing.T) {
	if got := Recovered("boom"); got != "boom" {
		t.Errorf("without a host: %v", got)
	}
	Set(&fakeHost{ctx: context.Background()})
	if got := Recovered("boom"); got != "boom" {
		t.Errorf("with a host that is no Recoverer: %v", got)
	}
	Set(&explainer{fakeHost{ctx: context.Background()}})
	defer Set(nil)
	if got := Recovered("boom"); got != "explained: boom" {
		t.Errorf("with a Recoverer: %v", got)
	}
}

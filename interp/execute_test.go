package interp

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	yaegi "github.com/traefik/yaegi/interp"
)

func TestStatePersistsAcrossCells(t *testing.T) {
	s := newSession(t)
	res, _ := run(t, s,
		"var v = 2",
		"const c = 3",
		"func f(x int) int { return x * v * c }",
		"type P struct{ X, Y int }",
		"p := P{1, 2}",
		"f(p.X + p.Y)")
	if res.Err != nil || plain(res.Data) != "18" {
		t.Fatalf("got %v %v, want 18", res.Data, res.Err)
	}
}

func TestMixedCellRunsInOrder(t *testing.T) {
	s := newSession(t)
	res, rec := run(t, s, `
x := 1
fmt.Println("x is", x)
func double(n int) int { return 2 * n }
import "strings"
type Box struct{ N int }
b := Box{double(x)}
fmt.Println(strings.Repeat("ab", b.N))
b.N`)
	if res.Err != nil || plain(res.Data) != "2" {
		t.Fatalf("got %v %v, want 2", res.Data, res.Err)
	}
	if got, want := rec.stream("stdout"), "x is 1\nabab\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
}

// A constant the cell computes from one of its variables (len of an array, constant in
// Go) may size an array the cell declares, as in a program's main (the corpus cannot show
// it: its program puts the constant at package level, where the variable is undefined).
// The kernel failed with a syntax error at the next line: the array's type, invalid in
// a first check, was spelled "invalid type".
func TestConstOfCellVariableSizesArray(t *testing.T) {
	s := newSession(t)
	res, rec := run(t, s, "var a [3]int\nconst n = len(a)\nvar buf [n]int\nfmt.Println(len(buf), n)")
	if res.Err != nil {
		t.Fatalf("got %v", res.Err)
	}
	if got, want := rec.stream("stdout"), "3 3\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
}

func TestReimportIsHarmless(t *testing.T) {
	s := newSession(t)
	res, _ := run(t, s,
		`import "strings"`,
		"import (\n\t\"strings\"\n\t\"fmt\"\n\t\"github.com/descentlab/descent/optimizers\"\n)\nstrings.ToUpper(optimizers.NewSGD(0.1).Name())")
	if res.Err != nil || plain(res.Data) != `"SGD"` {
		t.Fatalf("got %v %v", res.Data, res.Err)
	}
}

func TestImportErrors(t *testing.T) {
	s := newSession(t)
	tests := []struct{ cell, want string }{
		{`import "no/such/pkg"`, `cell[1]:1:8: package "no/such/pkg" is not available`},
		{"x := 1\nimport fmt \"strings\"", "cell[1]:2:8: fmt is already imported as fmt"},
	}
	for _, tc := range tests {
		res := s.Execute(context.Background(), tc.cell, 1, &recorder{})
		if res.Err == nil || res.Err.Name != "ImportError" || !strings.HasPrefix(res.Err.Value, tc.want) {
			t.Errorf("%q: error %v, want ImportError %q", tc.cell, res.Err, tc.want)
		}
	}
}

func TestFinalExpressionValue(t *testing.T) {
	s := newSession(t)
	run(t, s, `
type T struct{ A int }
type Named struct{ N string }
func (n Named) String() string { return "Named(" + n.N + ")" }
type Card struct{ Title string }
func (c Card) MIMEBundle() map[string]interface{} { return map[string]interface{}{"text/html": "<h1>" + c.Title + "</h1>"} }
type Both struct{}
func (Both) MIMEBundle() map[string]interface{} { return map[string]interface{}{"text/html": "<i>both</i>"} }
func (Both) String() string { return "both" }
func two() (int, string) { return 1, "a" }
func none() {}
var nilPtr *T
var nilErr error
type Celsius float64
`)
	tests := []struct {
		cell  string
		plain string // "" means no execute_result
		mime  string // another MIME type that must be present
	}{
		{"1 + 2", "3", ""},
		{`"hi"`, `"hi"`, ""},
		{"2.5 * 2", "5", ""},
		{"[]float64{1, 0.5}", "[1 0.5]", ""},
		{"map[string]int{\"b\": 2, \"a\": 1}", "map[a:1 b:2]", ""},
		{"T{4}", "{A:4}", ""},
		{"&T{4}", "&{A:4}", ""},
		{"two()", `1, "a"`, ""},
		{"nilPtr", "nil", ""},
		{"nilErr", "nil", ""},
		{"none()", "", ""},
		{`fmt.Println("printed")`, "", ""},
		{`fmt.Printf("%d\n", 1)`, "", ""},
		{"p := fmt.Println\np(\"aliased\")", "", ""},
		{"var pf = fmt.Printf\npf(\"%d\\n\", 2)", "", ""},
		{"func() {}()", "", ""},
		{"Named{\"x\"}", "Named(x)", ""},
		{"Card{\"t\"}", "<text/html>", "text/html"},
		{"Both{}", "both", "text/html"},
		{`display.HTML("<b>x</b>")`, "<b>x</b>", "text/html"},
		{`display.Markdown("# x")`, "# x", "text/markdown"},
		{`display.SVG("<svg/>")`, "<SVG image>", "image/svg+xml"},
		{"float64(3)", "3", ""},
		{"[]byte(\"hi\")", "[104 105]", ""},
		{"Celsius(21.5)", "21.5", ""},
		{"(display.HTML(\"<i>p</i>\"))", "<i>p</i>", "text/html"},
		{`fmt.Errorf("bad %d", 1)`, "bad 1", ""},
		{"make([]int, 200)", "[0 0 0 0 0 0 0 0 0 0 … 0 0 0] (len 200)", ""},
		{"mat.NewDense(2, 2, []float64{1, 2, 3, 4})", "⎡1  2⎤\n⎣3  4⎦", ""},
		{"opt.NewSGD(0.5).Hyper().Float(\"lr\")", "0.5", ""},
	}
	for i, tc := range tests {
		res := s.Execute(context.Background(), tc.cell, 10+i, &recorder{})
		if res.Err != nil {
			t.Errorf("%s: %v", tc.cell, res.Err)
			continue
		}
		if tc.plain == "" {
			if res.Data != nil {
				t.Errorf("%s: shows %v, want nothing", tc.cell, res.Data)
			}
			continue
		}
		if got := plain(res.Data); got != tc.plain {
			t.Errorf("%s: text/plain %q, want %q", tc.cell, got, tc.plain)
		}
		if _, ok := res.Data[tc.mime]; tc.mime != "" && !ok {
			t.Errorf("%s: no %s in %v", tc.cell, tc.mime, res.Data)
		}
	}
}

func TestImageBecomesPNG(t *testing.T) {
	s := newSession(t)
	res, _ := run(t, s, "import \"image\"\nimage.NewRGBA(image.Rect(0, 0, 3, 2))")
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if _, ok := res.Data["image/png"].(string); !ok || plain(res.Data) != "<image 3x2>" {
		t.Errorf("got %v", res.Data)
	}
}

func TestCompileErrorPositions(t *testing.T) {
	s := newSession(t)
	tests := []struct{ cell, want string }{
		{"x := 1\n\nvar y int = \"s\"", "cell[7]:3:13: cannot"},
		{"func f() int {\n\treturn \"s\"\n}", "cell[7]:2:9: "},
		{"a := 1\nb := 2\na + \"x\"", "cell[7]:3:"},
		{"z := 1; w := nosuch.F()", "cell[7]:1:14: undefined: nosuch"},
		{"x := 1\nfor {\n\tx = \"s\"\n}", "cell[7]:3:6: cannot use \"s\" (untyped string constant) as int value in assignment"},
		{"strings.ToUpper(\"a\")", "cell[7]:1:1: undefined: strings (missing import \"strings\"?)"},
		{"x := 2\nrand.Intn(x)", "cell[7]:2:1: undefined: rand (missing import \"crypto/rand\" or \"math/rand\" or \"math/rand/v2\"?)"},
		{"import \"strings\"\nfunc f() {\n\tstrings.NoSuch()\n}", "cell[7]:3:"},
	}
	for _, tc := range tests {
		res := s.Execute(context.Background(), tc.cell, 7, &recorder{})
		if res.Err == nil || res.Err.Name != "CompileError" || !strings.HasPrefix(res.Err.Value, tc.want) {
			t.Errorf("%q: error %v, want CompileError at %q", tc.cell, res.Err, tc.want)
		}
	}
}

func TestRuntimePanics(t *testing.T) {
	s := newSession(t)
	run(t, s, "func at(xs []int, i int) int {\n\treturn xs[i]\n}")
	tests := []struct{ cell, name, value, trace string }{
		{"at([]int{1}, 5)", "panic", "index out of range", "cell[1]:2:9: in at"},
		{"x := 1\npanic(\"boom\")", "panic", "boom", "cell[3]:2:1: in cell"},
		{"var m map[string]int\nm[\"a\"] = 1", "panic", "assignment to entry in nil map", "cell[3]:2:1: in cell"},
		{"var s []int\n_ = s[5]", "panic", "runtime error: index out of range [5] with length 0", "cell[3]:2:5: in cell"},
		// A panic in compiled library code names the compiled function where it started.
		{"var h *opt.Hyper\nh.Float(\"lr\")", "panic", "runtime error: invalid memory address or nil pointer dereference", "in compiled optimizers.(*Hyper).Float (hyper.go:"},
		{"var o opt.Optimizer\no.Name()", "panic", "runtime error: invalid memory address or nil pointer dereference", ""},
		// Columns count in the cell as written, not in the lowered code.
		{"xs := []int{1}\nfor i := 0; i < 2; i++ {\n\t_ = xs[i]\n}", "panic", "runtime error: index out of range", "cell[3]:"},
	}
	for _, tc := range tests {
		res := s.Execute(context.Background(), tc.cell, 3, &recorder{})
		e := res.Err
		if e == nil || e.Name != tc.name || !strings.Contains(e.Value, tc.value) || !strings.Contains(strings.Join(e.Traceback, "\n"), tc.trace) {
			t.Errorf("%q: got %#v, want %s %q with %q in traceback", tc.cell, e, tc.name, tc.value, tc.trace)
		}
	}
	if res, _ := run(t, s, "at([]int{7}, 0)"); res.Err != nil || plain(res.Data) != "7" {
		t.Errorf("session broken after panics: %v %v", res.Data, res.Err)
	}
}

// A function literal that a lowering makes is no frame of its own in a traceback: the
// frames are Go's, one per function of the cell.
func TestTracebackLoweredLiterals(t *testing.T) {
	s := newSession(t)
	run(t, s, "type Sched interface{ LR() float64 }\ntype C struct{ V int }\nfunc (C) LR() float64 { return 1 }\n"+
		"type D struct{ V int }\nfunc (D) LR() float64 { return 2 }\n"+
		"func get(s Sched) int {\n\tfmt.Print(\"\")\n\treturn s.(C).V\n}\n"+
		"func twice(s Sched) int { return get(s) + 1 }")
	res := s.Execute(context.Background(), "x := 1\ntwice(D{x})", 2, &recorder{})
	want := []string{"cell[1]:8:9: in get", "cell[1]:10:34: in twice", "cell[2]:2:1: in cell",
		"panic: interface conversion: main.Sched is main.D, not main.C"}
	if res.Err == nil || !slices.Equal(res.Err.Traceback, want) {
		t.Errorf("traceback %#v, want %#v", res.Err, want)
	}
}

func TestRedefinition(t *testing.T) {
	s := newSession(t)
	run(t, s, "type T struct{ A int }\nfunc (t T) Get() int { return t.A }")
	tests := []struct {
		cell    string
		errName string // "" means success
		want    string // the text/plain result, or what the error says
	}{
		{"type T struct{ A int }\nfunc (t T) Get() int { return t.A }", "", ""}, // re-running a cell
		{"type T struct{ A, B int }", "RedefinitionError", "cell[2]:1:6: type T is already defined"},
		{"func (t T) Get() int { return -t.A }", "RedefinitionError", "cell[2]:1:12: method T.Get is already defined"},
		{"func (t *T) Get() int { return -t.A }", "RedefinitionError", "method T.Get"},
		{"func (t T) Other() int { return 2 * t.A }\nT{3}.Other()", "", "6"},
		{"func f() int { return 1 }\nfunc f() int { return 2 }\nf()", "CompileError", "redeclared"},
		// A method a struct gets from an embedded compiled type is declared where a value
		// goes into an interface (see front/forwarders.go); a later cell's method of that
		// name replaces it, when the signatures match.
		{"import \"errors\"\ntype E struct{ error }\nE{errors.New(\"x\")}.Error()", "", "\"x\""},
		{"func (e *E) Error() string { return \"mine: \" + e.error.Error() }\nvar err error = &E{errors.New(\"y\")}\nerr.Error() + \" \" + (&E{errors.New(\"z\")}).Error()", "", "\"mine: y mine: z\""},
		{"type G struct{ fmt.Stringer }\nvar _ fmt.Stringer = G{}", "", ""},
		{"func (g G) String(n int) string { return \"\" }", "RedefinitionError", "cell[2]:1:12: method G.String has another signature than the String that G gets from its embedded fmt.Stringer"},
	}
	for _, tc := range tests {
		res := s.Execute(context.Background(), tc.cell, 2, &recorder{})
		switch {
		case tc.errName == "" && res.Err != nil:
			t.Errorf("%q: %v", tc.cell, res.Err)
		case tc.errName == "" && plain(res.Data) != tc.want:
			t.Errorf("%q: shows %q, want %q", tc.cell, plain(res.Data), tc.want)
		case tc.errName != "" && (res.Err == nil || res.Err.Name != tc.errName || !strings.Contains(res.Err.Value, tc.want)):
			t.Errorf("%q: error %v, want %s containing %q", tc.cell, res.Err, tc.errName, tc.want)
		}
	}
	if strings.Contains(tests[1].cell, "%reset") {
		t.Fatal("unreachable")
	}
}

func TestRedefinitionAfterFailedDefinition(t *testing.T) {
	s := newSession(t)
	// A type the interpreter rejected can be defined again, differently.
	res, _ := run(t, s, "type T struct{ X Undefined }")
	if res.Err == nil {
		t.Fatal("undefined field type accepted")
	}
	if res, _ = run(t, s, "type T struct{ X int }\nT{3}"); res.Err != nil || plain(res.Data) != "{X:3}" {
		t.Errorf("fixed type: %v %v", res.Data, res.Err)
	}
	// A method whose body does not compile never reaches the interpreter, so it can be
	// fixed.
	run(t, s, "type U struct{}")
	if res, _ = run(t, s, "func (U) M() int { return undefinedName }"); res.Err == nil {
		t.Fatal("undefined name accepted")
	}
	if res, _ = run(t, s, "func (U) M() int { return 5 }\nU{}.M()"); res.Err != nil || plain(res.Data) != "5" {
		t.Errorf("fixed method: %v %v, want 5", res.Data, res.Err)
	}
}

func TestFuncAndVarRedefinitionAllowed(t *testing.T) {
	s := newSession(t)
	res, _ := run(t, s,
		"func f() int { return 1 }\nvar v = 1",
		"func f() int { return 2 }\nvar v = \"now a string\"",
		"fmt.Sprint(f(), v)")
	if res.Err != nil || plain(res.Data) != `"2now a string"` {
		t.Fatalf("got %v %v", res.Data, res.Err)
	}
}

func TestRedefinitionMessageMentionsReset(t *testing.T) {
	s := newSession(t)
	res, _ := run(t, s, "type U int", "type U string")
	if res.Err == nil || !strings.Contains(res.Err.Value, "%reset") {
		t.Fatalf("got %v", res.Err)
	}
	res, _ = run(t, s, "%reset\ntype U string\nU(\"ok\")")
	if res.Err != nil || plain(res.Data) != `"ok"` {
		t.Fatalf("after reset: %v %v", res.Data, res.Err)
	}
}

// printer is compiled code that writes to the process's standard output, as a library
// would.
func usePrinter(t *testing.T, s *Session) {
	t.Helper()
	err := s.Use(yaegi.Exports{"testlib/testlib": {
		"Print":   reflect.ValueOf(func(x string) { fmt.Print(x) }),
		"Warn":    reflect.ValueOf(func(x string) { fmt.Fprint(stderrNow(), x) }),
		"GoPrint": reflect.ValueOf(func(x string) { done := make(chan bool); go func() { fmt.Print(x); close(done) }(); <-done }),
	}})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOutputCapture(t *testing.T) {
	s := newSession(t)
	usePrinter(t, s)
	res, rec := run(t, s, `
import "testlib"
import "os"
import "sync"
fmt.Println("interpreted")
print("builtin\n")
os.Stdout.Write([]byte("os.Stdout\n"))
fmt.Fprintln(os.Stderr, "to stderr")
testlib.Print("compiled\n")
testlib.GoPrint("compiled goroutine\n")
testlib.Warn("compiled stderr\n")
var wg sync.WaitGroup
wg.Add(1)
go func() { fmt.Println("goroutine"); wg.Done() }()
wg.Wait()
fmt.Print("last")`)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if got, want := rec.stream("stdout"), "interpreted\nos.Stdout\ncompiled\ncompiled goroutine\ngoroutine\nlast"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
	// The built-in print writes to standard error, as Go's runtime does.
	if got, want := rec.stream("stderr"), "builtin\nto stderr\ncompiled stderr\n"; got != want {
		t.Errorf("stderr %q, want %q", got, want)
	}
}

func TestDisplayOrderAndUpdate(t *testing.T) {
	s := newSession(t)
	res, rec := run(t, s, `
fmt.Println("before")
display.Show(display.HTML("<p>x</p>"), 42)
fmt.Println("after")
display.ShowID("bar", "0%")
display.Update("bar", "100%")
display.Clear(true)`)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	want := []string{"stdout:before\n", "display::<p>x</p>", "display::42", "stdout:after\n", `display:bar:"0%"`, `update:bar:"100%"`, "clear"}
	if !equal(rec.events, want) {
		t.Errorf("events %q, want %q", rec.events, want)
	}
	if _, ok := rec.displays[0]["text/html"]; !ok {
		t.Errorf("first display lacks text/html: %v", rec.displays[0])
	}
}

func TestLateGoroutineOutputGoesToNextCell(t *testing.T) {
	s := newSession(t)
	g := useGate(t, s)
	_, first := run(t, s, "import \"testgate\"\ngo func() { testgate.Wait(); fmt.Println(\"late\"); testgate.Signal() }()")
	if out := first.stream("stdout"); out != "" {
		t.Fatalf("the goroutine printed %q before it was let go", out)
	}
	g.open() // the cell has returned: what the goroutine prints now is late
	if !g.signalled() {
		t.Fatalf("the goroutine did not print within %v", patience)
	}
	_, rec := run(t, s, `fmt.Println("second")`)
	if got := rec.stream("stdout"); got != "late\nsecond\n" {
		t.Errorf("stdout %q, want the late line first", got)
	}
}

func TestInterrupt(t *testing.T) {
	if raceEnabled {
		t.Skip("yaegi's cancellation is not race-clean; see race_test.go")
	}
	s := newSession(t)
	run(t, s, "total := 41\nxs := []float64{1, 2}\nfunc inc() { total++ }")
	for _, cell := range []string{
		"for {}",
		"for { floats.Sum(xs) }",
		"for { inc() }",
		"import \"time\"\ntime.Sleep(time.Hour)", // a compiled call that cannot be stopped: abandoned
		"<-make(chan int)",
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		start := time.Now()
		res := s.Execute(ctx, cell, 2, &recorder{})
		cancel()
		if res.Err == nil || res.Err.Name != "Interrupted" {
			t.Errorf("%q: error %v, want Interrupted", cell, res.Err)
		}
		// A hang detector, not a speed goal: the session waits up to a second for an
		// abandoned evaluation, and a loaded machine adds to that.
		if d := time.Since(start); d > 3*patience {
			t.Errorf("%q: took %v to stop", cell, d)
		}
	}
	res, _ := run(t, s, "total = 41\ninc()\nfmt.Sprint(total, xs)")
	if res.Err != nil || plain(res.Data) != `"42 [1 2]"` {
		t.Errorf("after interrupts: %v %v", res.Data, res.Err)
	}
}

func TestKernelContextIsTheCellContext(t *testing.T) {
	s := newSession(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	res := s.Execute(ctx, "_, ok := kernel.Context().Deadline()\nfmt.Sprint(ok, kernel.Interrupted())", 1, &recorder{})
	if res.Err != nil || plain(res.Data) != `"true false"` {
		t.Fatalf("got %v %v", res.Data, res.Err)
	}
}

func TestStdin(t *testing.T) {
	s := newSession(t)
	rec := &recorder{inputs: []string{"gopher", "second line"}}
	res := s.Execute(context.Background(), `
import ("bufio"; "os")
var name string
fmt.Print("name? ")
fmt.Scanln(&name)
line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
name + "|" + line`, 1, rec)
	if res.Err != nil || plain(res.Data) != `"gopher|second line\n"` {
		t.Fatalf("got %v %v", res.Data, res.Err)
	}
	if rec.prompts != 2 || rec.stream("stdout") != "name? " {
		t.Errorf("%d input requests, stdout %q", rec.prompts, rec.stream("stdout"))
	}
	rec = &recorder{inputs: []string{"s3cret"}}
	res = s.Execute(context.Background(), "pw, err := kernel.Password(\"token: \")\nfmt.Sprint(len(pw), err)", 2, rec)
	if res.Err != nil || plain(res.Data) != `"6 <nil>"` || rec.lastPrompt != "token: " || !rec.lastPassword {
		t.Errorf("kernel.Password: %v %v, prompt %q password %v", res.Data, res.Err, rec.lastPrompt, rec.lastPassword)
	}
	refused := &recorder{}
	res = s.Execute(context.Background(), "var n int\n_, err := fmt.Scanln(&n)\nerr", 2, refused)
	if res.Err != nil || !strings.Contains(plain(res.Data), "stdin: input is not allowed") {
		t.Fatalf("refused input: %v %v", res.Data, res.Err)
	}
}

func TestMagics(t *testing.T) {
	s := newSession(t)
	_, rec := run(t, s, "x := 1.5\nconst c = 2\nfunc f(a int) string { return \"\" }\ntype T struct{}\nvar v []int\nt := &T{}", "%who")
	who := rec.stream("stdout")
	for _, want := range []string{"c            const = 2", "f            func  func f(a int) string", "T            type  type T struct{}", "v            var   []int", "x            var   float64", "t            var   *T"} {
		if !strings.Contains(who, want) {
			t.Errorf("%%who lacks %q:\n%s", want, who)
		}
	}
	res, rec := run(t, s, "%time\nfmt.Println(\"timed\")\n1")
	if res.Err != nil || plain(res.Data) != "1" || !strings.HasPrefix(rec.stream("stdout"), "timed\nWall time: ") {
		t.Errorf("%%time: %v %v %q", res.Data, res.Err, rec.stream("stdout"))
	}
	_, rec = run(t, s, "%help")
	if h := rec.stream("stdout"); !strings.Contains(h, "%reset") || !strings.Contains(h, "github.com/descentlab/descent/optimizers") {
		t.Errorf("%%help:\n%s", h)
	}
	res, _ = run(t, s, "%bogus")
	if res.Err == nil || res.Err.Name != "UsageError" || !strings.Contains(res.Err.Value, "%help, %doc, %reset, %time, %who") {
		t.Errorf("unknown magic: %v", res.Err)
	}
	res, _ = run(t, s, "%reset")
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	res = s.Execute(context.Background(), "x", 9, &recorder{})
	if res.Err == nil || !strings.Contains(res.Err.Value, "cell[9]:1:1: undefined: x") {
		t.Errorf("x after %%reset: %v", res.Err)
	}
	if res, _ := run(t, s, "math.Sqrt(4)"); plain(res.Data) != "2" {
		t.Errorf("preimports after %%reset: %v %v", res.Data, res.Err)
	}
}

func TestDocMagicPages(t *testing.T) {
	s := newSession(t)
	run(t, s, "// half halves.\nfunc half(v int) int { return v / 2 }")
	tests := []struct {
		magic, want string
	}{
		{"%doc opt.NewAdam", "NewAdam returns Adam with torch's defaults"},
		{"%doc math.Sqrt", "func math.Sqrt(float64) float64"},
		{"%doc half", "func half(v int) int"},
	}
	for _, tt := range tests {
		res, _ := run(t, s, tt.magic)
		if res.Err != nil || len(res.Payload) != 1 || res.Payload[0]["source"] != "page" {
			t.Errorf("%s: payload %v, error %v", tt.magic, res.Payload, res.Err)
			continue
		}
		if text, _ := res.Payload[0]["data"].(map[string]any)["text/plain"].(string); !strings.Contains(text, tt.want) {
			t.Errorf("%s: page %q lacks %q", tt.magic, text, tt.want)
		}
	}
	for _, bad := range []string{"%doc", "%doc opt.NoSuchThing"} {
		if res, _ := run(t, s, bad); res.Err == nil || res.Err.Name != "UsageError" || res.Payload != nil {
			t.Errorf("%s: %v, payload %v; want a UsageError and no page", bad, res.Err, res.Payload)
		}
	}
}

func TestEvalExpression(t *testing.T) {
	s := newSession(t)
	run(t, s, "x := 20\nfunc half(v int) int { return v / 2 }")
	data, err := s.EvalExpression(context.Background(), "half(x) + 1")
	if err != nil || plain(data) != "11" {
		t.Errorf("got %v %v, want 11", data, err)
	}
	if _, err := s.EvalExpression(context.Background(), "y := 1"); err == nil || err.Name != "CompileError" {
		t.Errorf("a statement: %v, want CompileError", err)
	}
	if _, err := s.EvalExpression(context.Background(), "nosuch"); err == nil || err.Name != "CompileError" {
		t.Errorf("undefined name: %v, want CompileError", err)
	}
	if res, _ := run(t, s, "x"); plain(res.Data) != "20" {
		t.Errorf("state changed by user expressions: %v", res.Data)
	}
}

func TestKernelContextAfterTheCell(t *testing.T) {
	s := newSession(t)
	ctx, cancel := context.WithCancel(context.Background())
	res := s.Execute(ctx, "ctxOfCell := kernel.Context()\nctxOfCell.Err()", 1, &recorder{})
	if res.Err != nil || plain(res.Data) != "nil" {
		t.Fatalf("during the cell: %v %v", res.Data, res.Err)
	}
	cancel()
	// The context a cell kept is its own: cancelled with it, not the next cell's.
	res, _ = run(t, s, "fmt.Sprint(ctxOfCell.Err(), kernel.Context().Err())")
	if res.Err != nil || plain(res.Data) != `"context canceled <nil>"` {
		t.Errorf("got %v %v", res.Data, res.Err)
	}
}

// TestValueAndNilErrorShowsTheValue: a constructor's (value, nil) shows the value as
// itself, richly; a non-nil error shows both.
func TestValueAndNilErrorShowsTheValue(t *testing.T) {
	s := newSession(t)
	res, _ := run(t, s, "import \"github.com/descentlab/descent/optimizers/model\"\nmodel.NewMLP(model.MLPConfig{Sizes: []int{2, 3, 2}})")
	if res.Err != nil || res.Data["text/html"] == nil || strings.Contains(plain(res.Data), "<nil>") {
		t.Errorf("got %v %v, want the model's own display", res.Data, res.Err)
	}
	res, _ = run(t, s, "func pair() (int, error) { return 1, fmt.Errorf(\"bad\") }\npair()")
	if res.Err != nil || plain(res.Data) != "1, bad" {
		t.Errorf("got %q %v, want both values", plain(res.Data), res.Err)
	}
	res, _ = run(t, s, "func two() (int, *int) { return 1, nil }\ntwo()")
	if res.Err != nil || plain(res.Data) != "1, nil" {
		t.Errorf("got %q %v: a nil that is not an error stays", plain(res.Data), res.Err)
	}
}

func TestPastedProgramRuns(t *testing.T) {
	s := newSession(t)
	res, rec := run(t, s, "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hello from main\")\n}")
	if res.Err != nil || rec.stream("stdout") != "hello from main\n" {
		t.Errorf("got %v, stdout %q", res.Err, rec.stream("stdout"))
	}
	if !strings.Contains(rec.stream("stderr"), "ran func main once") {
		t.Errorf("the cell does not say it ran main: stderr %q", rec.stream("stderr"))
	}
	if _, rec = run(t, s, "x := 1\nfmt.Println(x)"); rec.stream("stdout") != "1\n" {
		t.Errorf("next cell printed %q", rec.stream("stdout"))
	}
	// No ghost main is left behind: calling it is a clear compile error, not a call of
	// a nil function.
	if res, _ := run(t, s, "main()"); res.Err == nil || res.Err.Name != "CompileError" || !strings.Contains(res.Err.Value, "undefined: main") {
		t.Errorf("main() after a pasted program: %v", res.Err)
	}
}

// TestInterruptAtAnyMomentStopsTheCell interrupts "for {}" at many moments around its
// start, including before the interpreter began evaluating it (a cancel it would lose):
// every time the cell must end and no evaluation may keep spinning.
func TestInterruptAtAnyMomentStopsTheCell(t *testing.T) {
	if raceEnabled {
		t.Skip("yaegi's cancellation is not race-clean; see race_test.go")
	}
	s := newSession(t)
	before := countEvals()
	for i := 0; i < 40; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), time.Duration(i%8)*50*time.Microsecond)
		res := s.Execute(ctx, "for {}", 2, &recorder{})
		cancel()
		if res.Err == nil || res.Err.Name != "Interrupted" || strings.Contains(res.Err.Value, "still running") {
			t.Fatalf("interrupt %d: %v", i, res.Err)
		}
	}
	if n := countEvals(); n > before {
		t.Errorf("%d evaluations still running after the interrupts", n-before)
	}
}

// A type declared again after %reset, over another type, prints from an any as the new
// declaration says, not through the view of the elements the old one registered.
func TestBoxViewAfterReset(t *testing.T) {
	s := newSession(t)
	decl := "type Point struct{ X float64 }\nfunc (p Point) String() string { return fmt.Sprint(\"P\", p.X) }\n"
	_, rec := run(t, s, decl+"type Path []Point\nvar a any = Path{{1}}\nfmt.Println(a)")
	if got := rec.stream("stdout"); got != "[P1]\n" {
		t.Fatalf("before reset: %q, want [P1]", got)
	}
	res, rec := run(t, s, "%reset\ntype Path []string\nvar a any = Path{\"x\"}\nfmt.Println(a)")
	if got := rec.stream("stdout"); res.Err != nil || !strings.HasSuffix(got, "\n[x]\n") {
		t.Fatalf("after reset: %q %v, want [x]", got, res.Err)
	}
}

// TestPanicTextAfterReset: a struct type declared again after %reset without its Error
// method is another type; its uncaught panic value prints as a struct, not through the
// method the old type had (the kept text of an equal value raised before the reset).
func TestPanicTextAfterReset(t *testing.T) {
	s := newSession(t)
	_, rec := run(t, s, "type SE struct{ N int }\nfunc (s SE) Error() string { return fmt.Sprint(\"E\", s.N) }\nfunc g() {\n\tdefer func() { fmt.Println(recover()) }()\n\tpanic(SE{2})\n}\ng()")
	if got := rec.stream("stdout"); got != "E2\n" {
		t.Fatalf("before reset: %q, want E2", got)
	}
	run(t, s, "%reset")
	res, _ := run(t, s, "type SE struct{ N int }\nfunc g() { panic(SE{2}) }\ng()")
	if res.Err == nil || res.Err.Value != "{2}" {
		t.Fatalf("after reset: %+v, want the panic {2}", res.Err)
	}
}

package interp

import (
	"context"
	"errors"
	"fmt"
	"go/scanner"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	yaegi "github.com/traefik/yaegi/interp"

	"github.com/descentlab/descent/interp/front"
	"github.com/descentlab/descent/interp/front/boxed"
)

// Error is a failed cell, in the terms of a Jupyter error reply.
type Error struct {
	Name      string   // ename: CompileError, RedefinitionError, ImportError, panic, Interrupted, UsageError, InternalError
	Value     string   // evalue: the message, with cell[N]:line:col where known
	Traceback []string // lines to show, the last being "Name: Value"
}

func (e *Error) Error() string { return e.Name + ": " + e.Value }

func newError(name, value string, trace ...string) *Error {
	return &Error{Name: name, Value: value, Traceback: append(trace, name+": "+value)}
}

// convert describes an error returned by the interpreter.
func (s *Session) convert(ctx context.Context, err error) *Error {
	trace := s.filter.take()
	if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		// Frames that were running when the interpreter stopped compare their run id
		// with the interpreter's; a fresh evaluation lets globals work again.
		ended := waitAbandoned(time.Second)
		if !ended {
			// A cancel that reached the interpreter before the evaluation began is lost:
			// the evaluation's frames took the run id the cancel had just bumped. Stopping
			// once more bumps it again, and interpreted code notices at its next step. The
			// stopping evaluation pauses in compiled code, so that the interpreter sees
			// the cancel before it ends, and then ends by itself.
			stopped, stop := context.WithCancel(context.Background())
			stop()
			_, _ = s.it.EvalWithContext(stopped, hookName+".Pause()")
			ended = waitAbandoned(time.Second)
		}
		_, _ = s.eval(context.Background(), "_ = 0")
		if errors.Is(context.Cause(ctx), errDeadlock) {
			return deadlockError(s.deadlock)
		}
		if errors.Is(context.Cause(ctx), errGoPanic) {
			if e := s.goPanics.take(); e != nil {
				return e
			}
		}
		if !ended {
			return newError("Interrupted", stillRunning)
		}
		return newError("Interrupted", "execution was interrupted; objects created inside functions that were running when it stopped may return zero values: re-create them, or run %reset")
	}
	var p yaegi.Panic
	if errors.As(err, &p) {
		if code, ok := front.Exited(p.Value); ok {
			return exitError(code)
		}
		if e, ok := p.Value.(error); ok && len(trace) == 0 && positioned(e.Error()) {
			return compileError(e) // the interpreter panicked while compiling
		}
		return s.panicError(p.Value, p.Stack, trace, true)
	}
	return compileError(err)
}

// panicError is the error of a panic with value v, the Go stack stack and the
// interpreter's trace of the frames it went through: in the runtime's words, each frame
// at its line, innermost first. With evaluate, the operands of an index or slice out of
// range are evaluated again where they can be (not while the interpreter runs a cell).
func (s *Session) panicError(v any, stack []byte, trace []string, evaluate bool) *Error {
	lines := s.columns(tracebackLines(trace))
	compiled := compiledFrame(stack)
	msg := goWords(v)
	lines, at := s.place(lines, siteKind(v, msg, compiled != ""), msg, compiledFunc(compiled))
	if msg == indexOutOfRange && evaluate {
		n, i, text, k, ok := s.indexValues(at)
		where := at.IndexAt
		if !ok {
			var x witnessed
			x, k, ok = s.witnesses.find(lines, at.Candidates, false)
			n, i, text, where = x.n, x.i, x.text, at.Candidates
		}
		if ok {
			if k >= 0 && k < len(where) && len(lines) > 0 {
				// Of several indexes, the one out of range: the frame is where it is.
				lines[0] = movedFrame(lines[0], where[k])
			}
			msg = fmt.Sprintf("%s [%s] with length %d", msg, text, n)
			if i < 0 {
				msg = fmt.Sprintf("%s [%d]", indexOutOfRange, i) // Go names no length then
			}
		}
	}
	if (msg == "runtime error: integer divide by zero" || msg == "assignment to entry in nil map") && evaluate && len(lines) > 0 {
		// Of several divisions (map writes) of a top-level statement, the one that
		// failed, where its operands tell.
		if c, ok := s.witnesses.placeFault(lines, at.Candidates); ok {
			lines[0] = movedFrame(lines[0], c)
		}
	}
	if msg == sliceOutOfRange && evaluate {
		if detail, ok := s.sliceValues(at); ok {
			msg += " " + detail
		} else if x, k, ok := s.witnesses.find(lines, at.Candidates, true); ok {
			msg += " " + x.detail
			if k >= 0 && len(lines) > 0 {
				// Of several, the one out of range: the frame is where it is.
				lines[0] = movedFrame(lines[0], at.Candidates[k])
			}
		}
	}
	if at.Iface != "" && compiled == "" {
		msg = assertionWords(msg, at.Iface, at.Target)
	}
	if compiled != "" {
		lines = append([]string{compiled}, lines...)
	}
	if rv, ok := v.(reflect.Value); ok && rv.IsValid() && rv.CanInterface() {
		v = rv.Interface()
	}
	if _, fatal := v.(front.FatalError); fatal {
		return newError("fatal error", msg, lines...) // as Go's runtime ends a program with it
	}
	// The runtime indents the lines of a value of several lines after the first.
	msg = strings.ReplaceAll(msg, "\n", "\n\t")
	if s.recovers.has(v) {
		msg += " [recovered, repanicked]"
	}
	return newError("panic", msg, lines...)
}

// movedFrame is the frame line l ("cell[3]:4:8: in sum", perhaps with "(or line N)")
// put at at, a line and column of its cell, where the frame is known to have been.
func movedFrame(l string, at [2]int) string {
	if m := frameAt.FindStringSubmatch(l); m != nil {
		return fmt.Sprintf("cell[%s]:%d:%d: in %s", m[1], at[0], at[1], m[4])
	}
	if m := frameAlso.FindStringSubmatch(l); m != nil {
		return fmt.Sprintf("cell[%s]:%d:%d: in %s", m[1], at[0], at[1], m[2])
	}
	return l
}

// frameCell returns the cell of the frame line l (see movedFrame).
func frameCell(l string) (int, bool) {
	m := frameAt.FindStringSubmatch(l)
	if m == nil {
		m = frameAlso.FindStringSubmatch(l)
	}
	if m == nil {
		return 0, false
	}
	cell, err := strconv.Atoi(m[1])
	return cell, err == nil
}

// assertionWords rewrites msg, the interpreter's message for a failed assertion of an
// operand of the interface type iface to the concrete type target, in Go's words, which
// name the operand's static type: "main.Shape is main.Ci, not main.Sq" (the interpreter
// says "interface {} is", or "X is not T: missing method" for an error).
func assertionWords(msg, iface, target string) string {
	const prefix = "interface conversion: "
	rest, ok := strings.CutPrefix(msg, prefix)
	if !ok {
		return msg
	}
	if held, ok := strings.CutPrefix(rest, "interface {} is "); ok && strings.HasSuffix(held, ", not "+target) {
		return prefix + iface + " is " + held
	}
	if held, _, ok := strings.Cut(rest, " is not "+target+": missing method"); ok {
		return prefix + iface + " is " + held + ", not " + target
	}
	return msg
}

// exitName is the name of the error of a cell that called os.Exit or log.Fatal: it ends
// there, without its deferred calls, as a Go program ends (with status 0, it succeeds).
const exitName = "Exit"

// exitError is the error of a cell that exited with status code: what go run says, and
// what the kernel did instead of exiting.
func exitError(code int) *Error {
	return newError(exitName, "exit status "+strconv.Itoa(code)+exitNote)
}

// exitNote follows the status of an exit.
const exitNote = " (a cell cannot end the kernel: the cell stopped instead, and the kernel keeps its variables)"

// returned reports whether err is that of a return at the top level of a cell.
func returned(err error) bool {
	var p yaegi.Panic
	return errors.As(err, &p) && front.Returned(p.Value)
}

// encodedPrefix is an interpreter position that prefixes some of its panic messages.
var encodedPrefix = regexp.MustCompile(`^(?:_\.go:)?\d+:\d+: `)

// indexOutOfRange is the Go runtime's message for an index out of range, before the
// index and length it adds.
const indexOutOfRange = "runtime error: index out of range"

// goWords returns what the Go runtime prints after "panic: " for a panic value: the
// interpreter's reflect-flavoured messages in the runtime's words. The index and length
// of an index out of range are added by the caller where it can know them.
func goWords(v any) string {
	if rv, ok := v.(reflect.Value); ok && rv.IsValid() && rv.CanInterface() {
		v = rv.Interface() // the interpreter's panic(x) hands over x as a reflect.Value
	}
	var msg string
	if text, ok := front.PanicText(v); ok {
		return text // a cell's error or Stringer, whose methods the value lost
	}
	switch v := v.(type) {
	case error:
		msg = v.Error()
	case fmt.Stringer:
		msg = v.String()
	case boxed.Value:
		// A named type without methods: Go prints a basic kind's value with its type.
		switch u := v.V.(type) {
		case string:
			msg = v.Type + `("` + u + `")`
		case bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, uintptr,
			float32, float64:
			msg = v.Type + "(" + fmt.Sprint(u) + ")"
		case complex64, complex128:
			// (fmt writes a complex in parentheses already: main.Eigen(0.5-2i))
			msg = v.Type + fmt.Sprint(u)
		default:
			msg = fmt.Sprint(v)
		}
	default:
		msg = fmt.Sprint(v)
	}
	msg = encodedPrefix.ReplaceAllString(msg, "")
	switch {
	case msg == "reflect: slice index out of range" || msg == "reflect: array index out of range" || msg == "reflect: string index out of range":
		return indexOutOfRange
	case strings.HasPrefix(msg, "reflect.Value.Slice") && strings.Contains(msg, "out of"):
		return sliceOutOfRange
	case strings.HasPrefix(msg, "reflect: call of reflect.Value.") && strings.HasSuffix(msg, " on zero Value"),
		msg == "reflect: Method on nil interface value", msg == "reflect: call of method on nil interface value",
		msg == "reflect: call of nil function", msg == "reflect.Value.Call: call of nil function",
		msg == "reflect: Call using zero Value argument", // *p of a nil p, passed to compiled code
		strings.HasPrefix(msg, "reflect: indirection through nil pointer to embedded struct"):
		return "runtime error: invalid memory address or nil pointer dereference"
	case msg == "reflect.MakeSlice: negative len":
		return "runtime error: makeslice: len out of range"
	case msg == "reflect.MakeSlice: len > cap":
		return "runtime error: makeslice: cap out of range"
	case strings.HasPrefix(msg, "hash of unhashable type: "):
		return front.GoTypeNames("runtime error: hash of unhashable type " + strings.TrimPrefix(msg, "hash of unhashable type: "))
	case msg == "reflect.MakeSlice: negative cap":
		return "runtime error: makeslice: cap out of range"
	case msg == "reflect.MakeChan: negative buffer size":
		return "makechan: size out of range" // a plainError: no "runtime error: "
	case strings.Contains(msg, "unsafe2.dummy") && (strings.HasPrefix(msg, "reflect: Call using ") || strings.HasPrefix(msg, "reflect.Set: ")):
		// A function stored in a slice or map of the struct type it takes, which the
		// interpreter builds with a placeholder for the struct and then cannot call.
		return "this kernel's interpreter cannot call a function that a slice or map of a struct holds when the function takes " +
			"that struct (type T struct{ Hooks []func(*T) }): hold values of an interface type there instead " +
			"(type Hook interface{ Run(*T) }), or functions of another parameter type (func(any))"
	}
	if strings.HasPrefix(msg, "interface conversion: ") || strings.HasPrefix(msg, "runtime error: comparing uncomparable type ") ||
		strings.HasPrefix(msg, "runtime error: hash of unhashable type ") {
		msg = front.GoTypeNames(msg) // struct { X int } is main.Pt
	}
	if m := sliceToArray.FindStringSubmatch(msg); m != nil {
		return "runtime error: cannot convert slice with length " + m[1] + " to array or pointer to array with length " + m[2]
	}
	return msg
}

// sliceToArray matches reflect's panic for a conversion of a too short slice to an array.
var sliceToArray = regexp.MustCompile(`^reflect: cannot convert slice with length (\d+) to (?:array|pointer to array) with length (\d+)$`)

// siteKind tells from a panic's value and message what the innermost frame was doing.
func siteKind(v any, msg string, compiled bool) front.SiteKind {
	if compiled {
		return front.CallSite // it called a library function, where the panic started
	}
	if _, user := v.(reflect.Value); user {
		return front.PanicSite
	}
	switch {
	case strings.HasPrefix(msg, indexOutOfRange):
		return front.IndexSite
	case strings.HasPrefix(msg, "runtime error: slice bounds out of range"):
		return front.SliceSite
	case msg == "assignment to entry in nil map":
		return front.MapWriteSite
	case msg == "runtime error: invalid memory address or nil pointer dereference":
		return front.DerefSite
	case msg == "runtime error: integer divide by zero":
		return front.DivideSite
	case strings.HasPrefix(msg, "interface conversion:"):
		return front.AssertSite
	case strings.HasPrefix(msg, "runtime error: comparing uncomparable type "):
		return front.CompareSite
	case strings.HasPrefix(msg, "runtime error: hash of unhashable type "):
		return front.HashSite
	case msg == "close of closed channel" || msg == "close of nil channel":
		return front.CloseSite
	case msg == "send on closed channel":
		return front.SendSite
	case strings.HasPrefix(msg, "runtime error: makeslice: ") || strings.HasPrefix(msg, "runtime error: makechan: ") || strings.HasPrefix(msg, "runtime error: makemap: "):
		return front.MakeSite
	case msg == "runtime error: negative shift amount":
		return front.ShiftSite
	case strings.HasPrefix(msg, "runtime error: cannot convert slice with length "):
		return front.ConvertSite
	}
	return front.NoSite
}

// libraryPanic matches the message of a library's panic, which names its package.
var libraryPanic = regexp.MustCompile(`^[a-z][a-z0-9]*(\.\w+)?: `)

// frameAt parses "cell[N]:line:col: in f".
var frameAt = regexp.MustCompile(`^cell\[(\d+)\]:(\d+):(\d+): in (\S+)$`)

// frameAlso parses a frame that place gave other candidate lines: "cell[N]:line:col: in f
// (or line 5)".
var frameAlso = regexp.MustCompile(`^cell\[(\d+)\]:\d+:\d+: in (\S+) \(or line [\d, ]+\)$`)

// place moves each frame of a cell from where the interpreter reports it (the first node
// its function ran) to where it was: the site of the panic for the innermost frame (kind),
// the call of the frame inside for the others (see front.Checker.Place). It returns the
// innermost frame's site, whose operands are known when it is an index that can be
// evaluated again.
func (s *Session) place(lines []string, kind front.SiteKind, msg, lib string) ([]string, front.Site) {
	var inner front.Site
	inside := "" // the name of the frame called from the next
	// A function literal the front end made (an assertion's, say) is a frame of its own
	// for the interpreter, in the body of the function it was made in: that function's
	// next frames, the literal's callers there, are the same frame of Go's.
	var prevBody string
	prevLowered := false
	drop := map[int]bool{}
	for i, l := range lines {
		m := frameAt.FindStringSubmatch(l)
		if m == nil {
			inside = "" // compiled code, which cell code calls without naming a cell function
			continue
		}
		cell, _ := strconv.Atoi(m[1])
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		k, callee := kind, ""
		if i > 0 {
			k, callee = front.CallSite, inside
		}
		inside = m[4] // the interpreter's name, which the call sites know it by
		at, ok := s.front.Place(cell, line, col, k, callee, msg, lib)
		if !ok && k == front.PanicSite {
			// A runtime error that a lowering raised in the cell's stead (a failed
			// assertion), where the cell has no panic call: placed by its kind.
			at, ok = s.front.Place(cell, line, col, siteKind(nil, msg, false), callee, msg, lib)
			if !ok && libraryPanic.MatchString(msg) {
				// A library's panic ("slices.Max: empty list") from a generic function
				// that runs as cell code, whose frames are not shown: at its call.
				at, ok = s.front.Place(cell, line, col, front.CallSite, "", msg, lib)
			}
		}
		if !ok && i == 0 && lib == "" {
			// One that names no package ("cannot be less than 1" of slices.Chunk, a
			// slice out of range in slices.Insert), from a generic function that runs as
			// cell code: at a call of such a function.
			at, ok = s.front.Place(cell, line, col, front.SourceCallSite, "", msg, lib)
		}
		if !ok {
			prevLowered = false
			continue
		}
		body := m[1] + ":" + at.Name
		if prevLowered && body == prevBody {
			drop[i] = true
		}
		prevBody, prevLowered = body, strings.Count(m[4], ".func") > strings.Count(at.Name, ".func") ||
			at.Name == "cell" && strings.HasPrefix(m[4], "func.")
		if drop[i] {
			continue
		}
		name := m[4]
		if at.Name != "" && at.Name != "cell" {
			name = at.Name // the interpreter names a function after the literal it begins with
		}
		lines[i] = fmt.Sprintf("cell[%d]:%d:%d: in %s", cell, at.Line, at.Col, name)
		if len(at.Also) > 0 {
			also := make([]string, len(at.Also))
			for j, a := range at.Also {
				also[j] = strconv.Itoa(a)
			}
			lines[i] += " (or line " + strings.Join(also, ", ") + ")"
		}
		if i == 0 {
			inner = at
		}
	}
	if len(drop) > 0 {
		kept := make([]string, 0, len(lines))
		for i, l := range lines {
			if !drop[i] {
				kept = append(kept, l)
			}
		}
		lines = kept
	}
	return lines, inner
}

// callerFrame adds the frame of the cell's final expression, which the interpreter runs
// outside any function and so leaves out of its traceback, below the frames of the
// functions it called.
func (s *Session) callerFrame(e *Error, cell int, c front.Chunk) {
	n := len(e.Traceback) - 1 // the last line is "panic: message"
	if n < 0 {
		return
	}
	callee := "" // a compiled function, called by the expression itself
	if n > 0 {
		last := e.Traceback[n-1]
		if strings.HasSuffix(last, ": in cell") {
			return
		}
		if j := strings.LastIndex(last, ": in "); j >= 0 {
			callee, _, _ = strings.Cut(last[j+len(": in "):], " ")
		} else if !strings.HasPrefix(last, "in compiled ") {
			return
		}
	}
	at, ok := s.front.Place(cell, c.Line, c.Col, front.CallSite, callee, "", "")
	if !ok {
		return
	}
	frame := fmt.Sprintf("%s:%d:%d: in cell", front.CellName(cell), at.Line, at.Col)
	e.Traceback = append(e.Traceback[:n:n], frame, e.Traceback[n])
}

// indexValues evaluates again the length and index of an index out of range, when its
// operands read only constants and package-level variables (see front.Site).
func (s *Session) indexValues(at front.Site) (n, i int, text string, k int, ok bool) {
	if at.X != "" && at.Index != "" {
		n, i, text, ok := s.indexOperands(at.X, at.Index)
		return n, i, text, -1, ok
	}
	// Of several candidates, the one whose index is out of range: where two are, which
	// one ran is not known (one that a guard skipped, if len(r) > 2 { note = r[2] }, may
	// be out of range too).
	found := -1
	for k, c := range at.Indexes {
		if n2, i2, text2, ok := s.indexOperands(c[0], c[1]); ok && (i2 < 0 || i2 >= n2) {
			if found >= 0 && (c != at.Indexes[found]) {
				return 0, 0, "", -1, false
			}
			n, i, text, found = n2, i2, text2, k
		}
	}
	return n, i, text, found, found >= 0
}

// indexOperands evaluates again the length of x and the index i, and returns i's value
// as Go prints it.
func (s *Session) indexOperands(x, i string) (int, int, string, bool) {
	vs, texts, ok := s.ints("len("+x+")", i)
	if !ok {
		return 0, 0, "", false
	}
	return vs[0], vs[1], texts[1], true
}

// ints evaluates again integer operands (indexes, bounds, lengths), each in its own
// type, and returns their values and how Go prints them. An unsigned value past the
// largest int (n-1 with n a uint 0) is that largest int, which is out of range as the
// value is; an untyped constant written as a float (const N = 4.0) is its integer.
func (s *Session) ints(exprs ...string) ([]int, []string, bool) {
	v, err := s.eval(context.Background(), fmt.Sprintf("[%d]any{%s}", len(exprs), strings.Join(exprs, ", ")))
	if err != nil || !v.IsValid() || v.Kind() != reflect.Array {
		return nil, nil, false
	}
	vals, texts := make([]int, len(exprs)), make([]string, len(exprs))
	for k := range exprs {
		x := reflect.ValueOf(v.Index(k).Interface())
		switch {
		case x.CanInt():
			vals[k], texts[k] = int(x.Int()), strconv.FormatInt(x.Int(), 10)
		case x.CanUint():
			vals[k], texts[k] = int(min(x.Uint(), math.MaxInt)), strconv.FormatUint(x.Uint(), 10)
		case x.CanFloat() && x.Float() == math.Trunc(x.Float()) && math.Abs(x.Float()) < 1<<53:
			vals[k], texts[k] = int(x.Float()), strconv.Itoa(int(x.Float()))
		default:
			return nil, nil, false
		}
	}
	return vals, texts, true
}

// sliceOutOfRange is the Go runtime's message for slice bounds out of range, before the
// bounds it adds.
const sliceOutOfRange = "runtime error: slice bounds out of range"

// sliceValues evaluates again the operands of a slice expression x[low:high] whose bounds
// are out of range, when they read only constants and package-level variables, and
// returns what the Go runtime says of them: "[:5] with capacity 3", "[4:2]".
func (s *Session) sliceValues(at front.Site) (string, bool) {
	if at.X == "" {
		return "", false
	}
	if at.Max != "" {
		return s.slice3Values(at)
	}
	low, high, capacity := "0", "len("+at.X+")", "len("+at.X+")"
	if at.Low != "" {
		low = at.Low
	}
	if at.High != "" {
		high = at.High
	}
	if at.Slice {
		capacity = "cap(" + at.X + ")"
	}
	vs, t, ok := s.ints(low, high, "len("+at.X+")", capacity)
	if !ok {
		return "", false
	}
	return sliceDetail(vs[0], vs[1], vs[2], vs[3], t[0], t[1], at.High != "", at.Slice)
}

// sliceDetail returns what the Go runtime says of the bounds lo:hi (texts as Go prints
// them; hasHigh whether hi was written) of a value of length n and capacity c, a slice or
// else an array or string, if they are out of range.
func sliceDetail(lo, hi, n, c int, loText, hiText string, hasHigh, slice bool) (string, bool) {
	switch {
	case hi < 0 && hasHigh:
		return fmt.Sprintf("[:%s]", hiText), true
	case hi < 0 || hi > c:
		if hi < 0 || !hasHigh {
			break
		}
		if slice {
			return fmt.Sprintf("[:%s] with capacity %d", hiText, c), true
		}
		return fmt.Sprintf("[:%s] with length %d", hiText, n), true
	case lo < 0:
		return fmt.Sprintf("[%s:]", loText), true
	case lo > hi:
		return fmt.Sprintf("[%s:%s]", loText, hiText), true
	}
	return "", false
}

// slice3Values is sliceValues for a slice expression with three indexes, x[low:high:max],
// whose checks Go makes max first.
func (s *Session) slice3Values(at front.Site) (string, bool) {
	low, high := "0", at.Max
	if at.Low != "" {
		low = at.Low
	}
	if at.High != "" {
		high = at.High
	}
	vs, t, ok := s.ints(low, high, at.Max, "cap("+at.X+")")
	if !ok {
		return "", false
	}
	return slice3Detail(vs[0], vs[1], vs[2], vs[3], t[0], t[1], t[2], at.Slice)
}

// slice3Detail is sliceDetail for lo:hi:mx, whose checks Go makes mx first.
func slice3Detail(lo, hi, mx, c int, loText, hiText, mxText string, slice bool) (string, bool) {
	of := "length" // of an array
	if slice {
		of = "capacity"
	}
	switch {
	case mx < 0:
		return fmt.Sprintf("[::%s]", mxText), true
	case mx > c:
		return fmt.Sprintf("[::%s] with %s %d", mxText, of, c), true
	case hi < 0:
		return fmt.Sprintf("[:%s:]", hiText), true
	case hi > mx:
		return fmt.Sprintf("[:%s:%s]", hiText, mxText), true
	case lo < 0:
		return fmt.Sprintf("[%s::]", loText), true
	case lo > hi:
		return fmt.Sprintf("[%s:%s:]", loText, hiText), true
	}
	return "", false
}

// stillRunning is the message of an interrupt that did not stop the cell's code: a long
// call into compiled code that checks no context goes on in the background.
const stillRunning = "execution was interrupted, but code the cell called is still running " +
	"(a long compiled call that cannot be stopped from inside): it may keep changing variables the cell can reach. " +
	"Interrupt again to stop it: the kernel then replaces the Go interpreter, and %rerun rebuilds the state"

// errorLine returns the line of the "cell[N]:line:col: " prefix of msg, or -1.
func errorLine(msg string) int {
	var n, line, col int
	if _, err := fmt.Sscanf(msg, "cell[%d]:%d:%d:", &n, &line, &col); err != nil {
		return -1
	}
	return line
}

// positioned reports whether msg starts with a source position, as compile errors do.
func positioned(msg string) bool {
	i := strings.Index(msg, ": ")
	if i < 0 {
		return false
	}
	f := strings.Split(msg[:i], ":")
	return len(f) >= 2 && strings.Trim(f[len(f)-1], "0123456789") == "" && strings.Trim(f[len(f)-2], "0123456789") == ""
}

// columns maps the columns of "cell[N]:line:col: in f" lines back to the cells as
// written (see front.Checker.Column), names the function literals that top-level
// statements run in after the cell, and drops the interpreter's own frame around a run
// of statements when a statement frame says more.
func (s *Session) columns(lines []string) []string {
	out := lines[:0]
	for _, l := range lines {
		var cell, line, col int
		if _, err := fmt.Sscanf(l, "cell[%d]:%d:%d:", &cell, &line, &col); err != nil {
			out = append(out, l)
			continue
		}
		at := fmt.Sprintf("cell[%d]:%d:%d:", cell, line, col)
		rest := strings.TrimPrefix(l, at)
		col = s.front.Column(cell, line, col)
		if rest == " in func" || rest == " in cell" {
			switch s.front.Frame(cell, line, col) {
			case "statement":
				rest = " in cell"
			case "chunk":
				if len(out) > 0 && strings.HasSuffix(out[len(out)-1], " in cell") {
					continue // the same cell again, at the start of its run of statements
				}
				rest = " in cell"
			}
		}
		out = append(out, fmt.Sprintf("cell[%d]:%d:%d:", cell, line, col)+rest)
	}
	return out
}

// compiledFrame returns where in compiled code a panic started, as "in pkg.Func
// (file.go:line)", when it started in compiled code (a library function a cell called)
// rather than in the cell's own code; "" otherwise. stack is the Go stack taken where the
// interpreter recovered the panic, which still holds the panicking frames.
func compiledFrame(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	last := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "panic(") {
			last = i
		}
	}
	if last < 0 {
		return ""
	}
	for i := last + 2; i+1 < len(lines); i += 2 {
		fn, loc := lines[i], strings.TrimSpace(lines[i+1])
		if strings.HasPrefix(fn, "runtime.") {
			continue // runtime.panicIndex and friends: the caller is the place
		}
		for _, p := range []string{"reflect.", "internal/abi.", "github.com/traefik/yaegi/", "github.com/descentlab/descent/interp", "created by "} {
			if strings.HasPrefix(fn, p) {
				return "" // it started in the cell's own, interpreted, code
			}
		}
		if j := strings.LastIndex(fn, "("); j > 0 {
			fn = fn[:j]
		}
		if j := strings.LastIndex(loc, " +0x"); j > 0 {
			loc = loc[:j]
		}
		return "in compiled " + fn[strings.LastIndexByte(fn, '/')+1:] + " (" + loc[strings.LastIndexByte(loc, '/')+1:] + ")"
	}
	return ""
}

// tracebackLines turns the interpreter's "cell[3]:2:1: panic: main.f(...)" lines,
// innermost first, into "cell[3]:2:1: in f".
func tracebackLines(trace []string) []string {
	out := make([]string, 0, len(trace))
	for _, l := range trace {
		l = front.Positions(l)
		i := strings.Index(l, ": panic: ")
		if i < 0 || !strings.HasPrefix(l, "cell[") {
			continue // a frame of the kernel's own wrapper code
		}
		fn := strings.TrimSuffix(l[i+len(": panic: "):], "(...)")
		fn = strings.TrimPrefix(fn, "main.")
		fn = strings.TrimPrefix(fn, "ᐅ") // a function named like an import (see front/importnames.go)
		if fn == "main" {
			fn = "cell"
		}
		out = append(out, l[:i]+": in "+fn)
	}
	return out
}

func compileError(err error) *Error {
	msg := front.Positions(err.Error())
	if strings.HasSuffix(msg, ": constant definition loop") {
		// What the interpreter says about an undefined name in a global initializer.
		msg += " (is a name on the right-hand side undefined?)"
	}
	var trace []string
	if fe, ok := err.(*front.Error); ok {
		return newError(fe.Kind, fe.List[0], fe.List[1:]...)
	}
	if l, ok := err.(scanner.ErrorList); ok && len(l) > 1 {
		for _, e := range l[1:] {
			trace = append(trace, front.Positions(e.Error()))
		}
		msg = front.Positions(l[0].Error())
	}
	return newError("CompileError", msg, trace...)
}

// compiledFunc returns the package and name of the function compiledFrame names
// ("regexp.MustCompile" of "in compiled regexp.MustCompile (regexp.go:317)", "mat.Mul" of
// mat.(*Dense).Mul), or "".
func compiledFunc(frame string) string {
	fn, ok := strings.CutPrefix(frame, "in compiled ")
	if !ok {
		return ""
	}
	fn, _, _ = strings.Cut(fn, " ")
	// "gonum.org/v1/gonum/mat.(*Dense).Mul" → "mat.Mul"
	pkg := fn[strings.LastIndexByte(fn, '/')+1:]
	pkg, _, _ = strings.Cut(pkg, ".")
	return pkg + "." + fn[strings.LastIndexByte(fn, '.')+1:]
}

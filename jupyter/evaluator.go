package jupyter

import "context"

// Evaluator is the language behind a kernel. The server calls Execute,
// Complete, Inspect and IsComplete from a single goroutine, one request at a
// time, so an Evaluator needs no locking of its own for them. KernelInfo is
// called once, when the server is created.
type Evaluator interface {
	// Execute runs req.Code and reports its outcome. Output produced while
	// running goes to out; out is valid only until Execute returns.
	//
	// ctx is cancelled when the user interrupts the kernel or the kernel shuts
	// down. Execute must then stop promptly and return an ExecuteResult whose
	// Error describes the interruption.
	Execute(ctx context.Context, req *ExecuteRequest, out Output) *ExecuteResult

	// Complete proposes completions for code at cursor (a code-point offset).
	Complete(code string, cursor int) CompleteReply

	// Inspect describes the object at cursor (a code-point offset) in code.
	// detailLevel is 0 or 1, as the client asked.
	Inspect(code string, cursor, detailLevel int) InspectReply

	// IsComplete tells a console whether code is ready to run.
	IsComplete(code string) IsCompleteReply

	// KernelInfo describes the language and the implementation.
	KernelInfo() KernelInfo
}

// Interrupter is implemented by an Evaluator that wants to hear of every
// interrupt of a running execution, not only the first one, which cancels the
// execution's context. An evaluator whose cell may be stuck beyond the reach of
// its context can then stop it harder when the user insists.
type Interrupter interface {
	// Interrupted is called for each interrupt request (or Server.Interrupt)
	// that arrives while an execution runs, n counting them from 1 for that
	// execution; the first call comes right after its context is cancelled.
	// It must return promptly: it is called from the socket readers.
	Interrupted(n int)
}

// Output receives what an executing cell shows. Its methods are safe for
// concurrent use and never block on the client, except Input. Calls made
// after Execute has returned are dropped, so nothing leaks into a later cell.
// For a silent execution every method except Input discards its arguments.
type Output interface {
	// Stream appends text to the "stdout" or "stderr" stream. Consecutive
	// writes are coalesced into few messages; they reach the client within
	// about 50 ms, and always before the cell's reply.
	Stream(name, text string)

	// Display shows a MIME bundle (data maps MIME type to content). A
	// non-empty displayID names the display so UpdateDisplay can replace it.
	Display(data, metadata map[string]any, displayID string)

	// UpdateDisplay replaces the content of the display named displayID,
	// wherever it is shown. An empty displayID is ignored.
	UpdateDisplay(data, metadata map[string]any, displayID string)

	// ClearOutput clears the cell's output; with wait, the client clears it
	// only when new output arrives, which avoids flicker in animations.
	ClearOutput(wait bool)

	// Result publishes the value of the cell (execute_result) with the
	// execution count of the request.
	Result(data, metadata map[string]any)

	// Input asks the user for a line of text, echoing it unless password is
	// set, and waits for the answer. It fails with ErrStdinNotAllowed when the
	// client did not allow stdin and with an error wrapping ctx's error when
	// the execution is interrupted while waiting.
	Input(prompt string, password bool) (string, error)
}

// ExecuteRequest is an execute_request as the evaluator sees it.
type ExecuteRequest struct {
	Code string
	// Silent asks for no output and no history: nothing is published on
	// iopub and the execution count does not change.
	Silent bool
	// StoreHistory reports whether this execution is recorded and counted;
	// always false when Silent.
	StoreHistory bool
	// AllowStdin reports whether Output.Input may ask the client for input.
	AllowStdin bool
	// StopOnError reports whether an error aborts the queued executions.
	StopOnError bool
	// UserExpressions maps names to expressions to evaluate after Code; the
	// results go to ExecuteResult.UserExpressions.
	UserExpressions map[string]string
	// ExecutionCount is the count this execution is shown with.
	ExecutionCount int
}

// ExecuteResult is the outcome of an execution.
type ExecuteResult struct {
	// Error is nil on success. On failure the server publishes it on iopub
	// and answers with status "error".
	Error *ErrorInfo
	// UserExpressions holds one entry per requested expression, each already
	// in the specification's form: {"status": "ok", "data": {...},
	// "metadata": {...}} or {"status": "error", "ename": ..., "evalue": ...,
	// "traceback": [...]}.
	UserExpressions map[string]any
	// Payload is the deprecated execute_reply payload list; usually nil.
	Payload []map[string]any
}

// ErrorInfo describes a failed execution as the client shows it.
type ErrorInfo struct {
	Name      string   `json:"ename"`
	Value     string   `json:"evalue"`
	Traceback []string `json:"traceback"`
}

// CompleteReply is the answer to a complete_request. CursorStart and
// CursorEnd are code-point offsets delimiting the text the matches replace.
type CompleteReply struct {
	Matches     []string       `json:"matches"`
	CursorStart int            `json:"cursor_start"`
	CursorEnd   int            `json:"cursor_end"`
	Metadata    map[string]any `json:"metadata"`
}

// InspectReply is the answer to an inspect_request; Data is a MIME bundle.
type InspectReply struct {
	Found    bool           `json:"found"`
	Data     map[string]any `json:"data"`
	Metadata map[string]any `json:"metadata"`
}

// IsCompleteReply is the answer to an is_complete_request. Status is one of
// "complete", "incomplete", "invalid" or "unknown"; Indent is the suggested
// indentation of the next line when incomplete.
type IsCompleteReply struct {
	Status string `json:"status"`
	Indent string `json:"indent,omitempty"`
}

// KernelInfo is the language-specific part of a kernel_info_reply; the
// server adds the status and protocol version.
type KernelInfo struct {
	Implementation        string       `json:"implementation"`
	ImplementationVersion string       `json:"implementation_version"`
	LanguageInfo          LanguageInfo `json:"language_info"`
	Banner                string       `json:"banner"`
	HelpLinks             []HelpLink   `json:"help_links"`
}

// LanguageInfo describes the kernel's language for the frontend.
type LanguageInfo struct {
	Name              string `json:"name"`
	Version           string `json:"version"`
	MIMEType          string `json:"mimetype"`
	FileExtension     string `json:"file_extension"`
	PygmentsLexer     string `json:"pygments_lexer,omitempty"`
	CodeMirrorMode    any    `json:"codemirror_mode,omitempty"`
	NBConvertExporter string `json:"nbconvert_exporter,omitempty"`
}

// HelpLink is one entry of the frontend's help menu.
type HelpLink struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

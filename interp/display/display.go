// Package display shows rich output (HTML, Markdown, images, ...) in the notebook.
//
// Cells see it preimported as display. The value of a cell's last expression is shown
// through the same rules as Show: a value with a MIMEBundle method supplies its own MIME
// bundle, an image.Image becomes a PNG, and anything else is shown as readable text.
//
//	display.HTML("<b>bold</b>")              // as a cell's last expression
//	display.Show(display.Markdown("# Title")) // mid-cell
//	id := display.NewID()
//	display.ShowID(id, "starting")            // later replaced in place by
//	display.Update(id, "epoch 3/10")
//
// Outside a running cell, Show, ShowID, Update and Clear do nothing.
package display

import (
	"encoding/base64"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/descentlab/descent/interp/internal/hub"
)

// Bundler is implemented by values that know how to show themselves: MIMEBundle returns
// MIME type → content, such as {"text/html": "<b>hi</b>"}. Binary content (image/png)
// is base64 text; application/json content is any JSON-encodable value. Types declared in
// a cell may implement it too.
type Bundler interface {
	MIMEBundle() map[string]any
}

// StringBundler is a Bundler that also has a String method, used for text/plain when
// its bundle has none. Nothing needs to implement it by name: it exists so that values
// of types declared in a cell keep both methods when they reach compiled code.
type StringBundler interface {
	MIMEBundle() map[string]any
	String() string
}

// HTML is HTML source, shown rendered.
type HTML string

// MIMEBundle returns the HTML as text/html.
func (h HTML) MIMEBundle() map[string]any {
	return map[string]any{"text/html": string(h), "text/plain": string(h)}
}

// Markdown is Markdown source, shown rendered.
type Markdown string

// MIMEBundle returns the Markdown as text/markdown.
func (m Markdown) MIMEBundle() map[string]any {
	return map[string]any{"text/markdown": string(m), "text/plain": string(m)}
}

// SVG is an SVG document, shown as an image.
type SVG string

// MIMEBundle returns the SVG as image/svg+xml.
func (s SVG) MIMEBundle() map[string]any {
	return map[string]any{"image/svg+xml": string(s), "text/plain": "<SVG image>"}
}

// Latex is LaTeX math such as `$\alpha^2$`, shown typeset.
type Latex string

// MIMEBundle returns the LaTeX as text/latex.
func (l Latex) MIMEBundle() map[string]any {
	return map[string]any{"text/latex": string(l), "text/plain": string(l)}
}

// PNG is an encoded PNG image.
type PNG []byte

// MIMEBundle returns the image as base64 image/png.
func (p PNG) MIMEBundle() map[string]any {
	return map[string]any{
		"image/png":  base64.StdEncoding.EncodeToString(p),
		"text/plain": fmt.Sprintf("<PNG image, %d bytes>", len(p)),
	}
}

// JSON is any JSON-encodable value, shown as an explorable tree by frontends that can.
type JSON struct{ Value any }

// MIMEBundle returns the value as application/json.
func (j JSON) MIMEBundle() map[string]any {
	return map[string]any{"application/json": j.Value, "text/plain": Text(j.Value)}
}

// Bundle is a ready-made MIME bundle, for content types this package has no type for.
type Bundle map[string]any

// MIMEBundle returns the bundle itself.
func (b Bundle) MIMEBundle() map[string]any { return b }

var ids atomic.Int64

// NewID returns a display id, unique in this process, for ShowID and Update.
func NewID() string {
	return fmt.Sprintf("descent-%d-%d", time.Now().UnixNano(), ids.Add(1))
}

// Show publishes each value as its own output of the current cell, at once, after
// everything the cell printed so far.
func Show(values ...any) {
	h := hub.Current()
	if h == nil {
		return
	}
	for _, v := range values {
		h.Display(MIME(v), nil, "", false)
	}
}

// ShowID publishes v under a display id, so that Update can later replace it in place.
func ShowID(id string, v any) {
	if h := hub.Current(); h != nil {
		h.Display(MIME(v), nil, id, false)
	}
}

// Update replaces the content of every output published with ShowID under id, in any
// cell, with v.
func Update(id string, v any) {
	if h := hub.Current(); h != nil {
		h.Display(MIME(v), nil, id, true)
	}
}

// Clear clears the current cell's output: at once, or if wait is true, just before the
// next output arrives (which avoids flicker in animations).
func Clear(wait bool) {
	if h := hub.Current(); h != nil {
		h.ClearOutput(wait)
	}
}

package widgets

import (
	"encoding/base64"
	"fmt"
	"html"
	"sort"
	"strings"
)

// The static form of widgets: what a notebook shows where no widget manager draws them
// (a notebook run headless and opened later, nbconvert, a renderer on the web). Front
// ends that have one draw the widget view instead.

// staticChildren renders the widgets in order: controls as "description value",
// output areas with their contents.
func staticChildren(ws []Widget) string {
	var b strings.Builder
	for _, w := range ws {
		m := modelOf(w)
		switch {
		case m == nil:
		case m.static != nil:
			b.WriteString(m.static())
		case valueAttr(m) != "":
			name, _ := m.Get("description").(string)
			fmt.Fprintf(&b, `<div><b>%s</b> %s</div>`, html.EscapeString(name), html.EscapeString(staticValue(w)))
		case m.name == "ButtonModel":
			fmt.Fprintf(&b, `<div><button disabled>%s</button></div>`, html.EscapeString(fmt.Sprint(m.Get("description"))))
		}
	}
	return b.String()
}

func staticValue(w Widget) string {
	switch v := value(w).(type) {
	case float64:
		return fmt.Sprintf("%.4g", v)
	case string:
		return v
	default:
		return fmt.Sprint(v)
	}
}

// html renders the outputs of an output area.
func (o *Output) html() string {
	o.omu.Lock()
	items := append([]outputItem(nil), o.outputs...)
	o.omu.Unlock()
	var b strings.Builder
	for _, it := range items {
		j := it.json
		switch j["output_type"] {
		case "stream":
			style := ""
			if j["name"] == "stderr" {
				style = ` style="background:#fdd"`
			}
			fmt.Fprintf(&b, "<pre%s>%s</pre>", style, html.EscapeString(fmt.Sprint(j["text"])))
		case "error":
			fmt.Fprintf(&b, `<pre style="color:#b00">%s: %s</pre>`, html.EscapeString(fmt.Sprint(j["ename"])), html.EscapeString(fmt.Sprint(j["evalue"])))
		case "display_data":
			b.WriteString(staticData(j["data"].(map[string]any)))
		}
	}
	return b.String()
}

// staticData renders a MIME bundle as HTML, preferring what a browser shows best.
func staticData(data map[string]any) string {
	if s, ok := data["text/html"].(string); ok {
		return "<div>" + s + "</div>"
	}
	if s, ok := data["image/svg+xml"].(string); ok {
		// As an image, so that ids inside one SVG cannot collide with another's.
		return `<div><img src="data:image/svg+xml;base64,` + base64.StdEncoding.EncodeToString([]byte(s)) + `"/></div>`
	}
	for _, t := range []string{"image/png", "image/jpeg", "image/gif"} {
		if s, ok := data[t].(string); ok {
			return fmt.Sprintf(`<div><img src="data:%s;base64,%s"/></div>`, t, s)
		}
	}
	if s, ok := data["text/plain"].(string); ok {
		return "<pre>" + html.EscapeString(s) + "</pre>"
	}
	types := make([]string, 0, len(data))
	for t := range data {
		types = append(types, t)
	}
	sort.Strings(types)
	return "<pre>" + html.EscapeString("("+strings.Join(types, ", ")+")") + "</pre>"
}

// textOutputs is the text form of an output area's contents, after a newline, for the
// text/plain form of an Interact.
func textOutputs(o *Output) string {
	o.omu.Lock()
	items := append([]outputItem(nil), o.outputs...)
	o.omu.Unlock()
	var b strings.Builder
	for _, it := range items {
		j := it.json
		switch j["output_type"] {
		case "stream":
			b.WriteString(fmt.Sprint(j["text"]))
		case "error":
			fmt.Fprintf(&b, "%s: %s\n", j["ename"], j["evalue"])
		case "display_data":
			if s, ok := j["data"].(map[string]any)["text/plain"].(string); ok {
				b.WriteString(s + "\n")
			}
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return "\n" + strings.TrimRight(b.String(), "\n")
}

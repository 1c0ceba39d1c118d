// Package widgets puts interactive controls in notebook cells: sliders (a log-scale one
// for learning rates), dropdowns, checkboxes, buttons, text boxes, boxes that lay them
// out, and output areas. They speak the ipywidgets 8 protocol (widget protocol 2.1.0,
// @jupyter-widgets/controls 2.0.0 models), so JupyterLab, Notebook 7, VS Code and Voilà
// draw them with the widget manager they already have.
//
// A widget shows itself when it is a cell's last expression, or with display.Show.
// Interact is the quickest way to make a cell react: it calls a function with the
// values of some controls, now and whenever one of them changes, and shows what the
// function printed and displayed (and returned) below them, in place of what the
// previous call showed:
//
//	lr := widgets.NewFloatLogSlider("lr", 1e-3, 1e-5, 1e-1)
//	mu := widgets.NewFloatSlider("momentum", 0.9, 0, 0.99, 0.01)
//	widgets.Interact(func(lr, momentum float64) *plots.Figure {
//		res := run("sgd", map[string]any{"lr": lr, "momentum": momentum})
//		return plots.New("loss", "step", "f").Line("sgd", nil, res.Fs).LogY()
//	}, lr, mu)
//
// Every control also has Value, SetValue and OnChange (Button has OnClick), and every
// widget reaches any attribute of its ipywidgets model through Get and Set (such as
// Set("disabled", true), or Layout().Set("width", "50%")).
//
// Callbacks (OnChange, OnClick, Interact's function) run one at a time, never while a
// cell runs: a change the user makes while a cell runs is handled when the cell ends.
// When the user drags a slider faster than a callback runs, the changes that queued up
// meanwhile are merged, so the callback sees the latest value next and no backlog builds.
// A callback that panics has its error shown (in its Interact's output area, else in the
// front end's log) and the widget keeps working. Interrupting the kernel stops the
// library calls a callback makes (opt.Minimize, train.Fit, and whatever checks
// kernel.Interrupted), not a loop written in a cell; for that, interrupt again a second
// later, which restarts the Go interpreter as for a stuck cell. A callback runs in the goroutine that changed the value when a cell (not the
// front end) changes it: from a cell's own goroutines, which may still run after the
// cell, callbacks would race with the next cell.
//
// When the Go interpreter restarts (after a crash, or a kernel restart), the widgets of
// earlier cells are closed and disappear from the notebook; run their cells again.
//
// A notebook run headless (kernel run, nbconvert) keeps the widgets' state in its
// metadata, so front ends with a widget manager draw them from it, output areas
// included; elsewhere (a code host's viewer) a widget shows as text, and an Interact as
// its controls' values and the output of its first call, so a saved notebook reads well.
package widgets

// Package loss holds training losses that return both their value and their gradient with
// respect to the predictions, so a training loop can call a model's backward pass directly.
//
// Predictions and targets are flat row-major batches of n rows: a batch of n predictions of
// width k is a []float64 of length n*k. Targets have the same shape, except for losses on
// integer class labels (softmax cross-entropy), whose targets hold one label per row.
//
// Losses are built by name with New and extended at run time with Register, so a loss
// written in a notebook is used exactly like a built-in one. Every loss averages over the
// batch by default; the argument "reduction": "sum" makes it add instead.
package loss

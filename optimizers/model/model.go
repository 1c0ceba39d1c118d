package model

// Model is a differentiable function of a flat parameter vector, evaluated on batches.
//
// A notebook type can implement it with exported methods alone and be trained by the same
// loop as the built-in models.
type Model interface {
	// Params returns the live parameter vector; writing to it changes the model.
	Params() []float64
	// NumParams is len(Params()).
	NumParams() int
	// Inputs is the number of features per input row.
	Inputs() int
	// Outputs is the number of values per output row.
	Outputs() int
	// Forward writes the outputs for the n rows of x (n*Inputs values) into out
	// (n*Outputs values) and remembers what Backward needs.
	Forward(x []float64, n int, out []float64) error
	// Backward takes the gradient of a loss with respect to the outputs of the last
	// Forward (n*Outputs values) and writes the gradient with respect to Params into grad,
	// overwriting it.
	Backward(dout, grad []float64) error
}

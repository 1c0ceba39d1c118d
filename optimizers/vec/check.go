package vec

import "fmt"

// sameLen reports an error unless every length in lens equals the first; names labels
// them for the message. It does not allocate on success: only the error path copies lens.
func sameLen(kernel string, names string, lens ...int) error {
	for _, n := range lens[1:] {
		if n != lens[0] {
			return fmt.Errorf("vec.%s: lengths of (%s) differ: %v", kernel, names, append([]int(nil), lens...))
		}
	}
	return nil
}

// optLen is len(x), or n for a nil optional slice, so that nil means "not used".
func optLen(x []float64, n int) int {
	if x == nil {
		return n
	}
	return len(x)
}

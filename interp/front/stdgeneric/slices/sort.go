package slices

import "cmp"

// The sorts follow Go's standard library step for step (the pattern-defeating quicksort,
// and insertion-sorted blocks merged in place for the stable one), so that elements that
// compare equal end up in the same order as in a compiled program, a comparison that is
// not a strict order (a NaN) gives the same result, and a comparison function is called
// as many times.

// Sort sorts a slice of any ordered type in ascending order. When sorting floating-point
// numbers, NaNs are ordered before other values.
func Sort[S ~[]E, E cmp.Ordered](x S) {
	n := len(x)
	pdqsortFunc(x, 0, n, bitsLen(n), cmp.Compare[E])
}

// SortFunc sorts the slice x in ascending order as determined by the cmp function. It
// is not guaranteed to be stable.
func SortFunc[S ~[]E, E any](x S, cmp func(a, b E) int) {
	n := len(x)
	pdqsortFunc(x, 0, n, bitsLen(n), cmp)
}

// SortStableFunc sorts the slice x while keeping the original order of equal elements,
// using cmp to compare elements.
func SortStableFunc[S ~[]E, E any](x S, cmp func(a, b E) int) {
	if len(x) < 2 {
		return
	}
	stableFunc(x, len(x), cmp)
}

// IsSorted reports whether x is sorted in ascending order.
func IsSorted[S ~[]E, E cmp.Ordered](x S) bool {
	for i := len(x) - 1; i > 0; i-- {
		if cmp.Less(x[i], x[i-1]) {
			return false
		}
	}
	return true
}

// IsSortedFunc reports whether x is sorted in ascending order, with cmp as the
// comparison function.
func IsSortedFunc[S ~[]E, E any](x S, cmp func(a, b E) int) bool {
	for i := len(x) - 1; i > 0; i-- {
		if cmp(x[i], x[i-1]) < 0 {
			return false
		}
	}
	return true
}

// Min returns the minimal value in x. It panics if x is empty. For floating-point
// numbers, Min propagates NaNs.
func Min[S ~[]E, E cmp.Ordered](x S) E {
	if len(x) < 1 {
		panic("slices.Min: empty list")
	}
	m := x[0]
	for i := 1; i < len(x); i++ {
		m = min(m, x[i])
	}
	return m
}

// MinFunc returns the minimal value in x, using cmp to compare elements; the first
// minimal one if there are several. It panics if x is empty.
func MinFunc[S ~[]E, E any](x S, cmp func(a, b E) int) E {
	if len(x) < 1 {
		panic("slices.MinFunc: empty list")
	}
	m := x[0]
	for i := 1; i < len(x); i++ {
		if cmp(x[i], m) < 0 {
			m = x[i]
		}
	}
	return m
}

// Max returns the maximal value in x. It panics if x is empty. For floating-point E,
// Max propagates NaNs.
func Max[S ~[]E, E cmp.Ordered](x S) E {
	if len(x) < 1 {
		panic("slices.Max: empty list")
	}
	m := x[0]
	for i := 1; i < len(x); i++ {
		m = max(m, x[i])
	}
	return m
}

// MaxFunc returns the maximal value in x, using cmp to compare elements; the first
// maximal one if there are several. It panics if x is empty.
func MaxFunc[S ~[]E, E any](x S, cmp func(a, b E) int) E {
	if len(x) < 1 {
		panic("slices.MaxFunc: empty list")
	}
	m := x[0]
	for i := 1; i < len(x); i++ {
		if cmp(x[i], m) > 0 {
			m = x[i]
		}
	}
	return m
}

// BinarySearch searches for target in a sorted slice and returns the earliest position
// where target is found, or the position where it would appear, and whether it was found.
func BinarySearch[S ~[]E, E cmp.Ordered](x S, target E) (int, bool) {
	n := len(x)
	i, j := 0, n
	for i < j {
		h := int(uint(i+j) >> 1)
		if cmp.Less(x[h], target) {
			i = h + 1
		} else {
			j = h
		}
	}
	return i, i < n && (x[i] == target || (x[i] != x[i] && target != target))
}

// BinarySearchFunc works like BinarySearch, but uses a custom comparison function.
func BinarySearchFunc[S ~[]E, E, T any](x S, target T, cmp func(E, T) int) (int, bool) {
	n := len(x)
	i, j := 0, n
	for i < j {
		h := int(uint(i+j) >> 1)
		if cmp(x[h], target) < 0 {
			i = h + 1
		} else {
			j = h
		}
	}
	return i, i < n && cmp(x[i], target) == 0
}

// bitsLen is math/bits.Len for a non-negative int.
func bitsLen(n int) int {
	l := 0
	for u := uint(n); u != 0; u >>= 1 {
		l++
	}
	return l
}

// stableFunc sorts data[:n] stably: blocks of 20 by insertion sort, then merged
// pairwise in place, the blocks doubling.
func stableFunc[E any](data []E, n int, cmp func(a, b E) int) {
	blockSize := 20
	a, b := 0, blockSize
	for b <= n {
		insertionSortFunc(data, a, b, cmp)
		a = b
		b += blockSize
	}
	insertionSortFunc(data, a, n, cmp)
	for blockSize < n {
		a, b = 0, 2*blockSize
		for b <= n {
			symMergeFunc(data, a, a+blockSize, b, cmp)
			a = b
			b += 2 * blockSize
		}
		if m := a + blockSize; m < n {
			symMergeFunc(data, a, m, n, cmp)
		}
		blockSize *= 2
	}
}

// symMergeFunc merges the sorted runs data[a:m] and data[m:b] in place, stably (the
// SymMerge algorithm of Kim and Kutzner).
func symMergeFunc[E any](data []E, a, m, b int, cmp func(a, b E) int) {
	if m-a == 1 {
		// One element on the left: it moves to where a binary search puts it.
		i, j := m, b
		for i < j {
			h := int(uint(i+j) >> 1)
			if cmp(data[h], data[a]) < 0 {
				i = h + 1
			} else {
				j = h
			}
		}
		for k := a; k < i-1; k++ {
			data[k], data[k+1] = data[k+1], data[k]
		}
		return
	}
	if b-m == 1 {
		// One element on the right, likewise.
		i, j := a, m
		for i < j {
			h := int(uint(i+j) >> 1)
			if !(cmp(data[m], data[h]) < 0) {
				i = h + 1
			} else {
				j = h
			}
		}
		for k := m; k > i; k-- {
			data[k], data[k-1] = data[k-1], data[k]
		}
		return
	}
	mid := int(uint(a+b) >> 1)
	n := mid + m
	var start, r int
	if m > mid {
		start, r = n-b, mid
	} else {
		start, r = a, m
	}
	p := n - 1
	for start < r {
		c := int(uint(start+r) >> 1)
		if !(cmp(data[p-c], data[c]) < 0) {
			start = c + 1
		} else {
			r = c
		}
	}
	end := n - start
	if start < m && m < end {
		rotateFunc(data, start, m, end)
	}
	if a < start && start < mid {
		symMergeFunc(data, a, start, mid, cmp)
	}
	if mid < end && end < b {
		symMergeFunc(data, mid, end, b, cmp)
	}
}

// rotateFunc rotates data[a:b] so that data[m:b] comes before data[a:m].
func rotateFunc[E any](data []E, a, m, b int) {
	i, j := m-a, b-m
	for i != j {
		if i > j {
			swapRangeFunc(data, m-i, m, j)
			i -= j
		} else {
			swapRangeFunc(data, m-i, m+j-i, i)
			j -= i
		}
	}
	swapRangeFunc(data, m-i, m, i)
}

// swapRangeFunc swaps data[a:a+n] and data[b:b+n].
func swapRangeFunc[E any](data []E, a, b, n int) {
	for i := 0; i < n; i++ {
		data[a+i], data[b+i] = data[b+i], data[a+i]
	}
}

// insertionSortFunc sorts data[a:b] using insertion sort.
func insertionSortFunc[E any](data []E, a, b int, cmp func(a, b E) int) {
	for i := a + 1; i < b; i++ {
		for j := i; j > a && cmp(data[j], data[j-1]) < 0; j-- {
			data[j], data[j-1] = data[j-1], data[j]
		}
	}
}

// siftDownFunc implements the heap property on data[lo:hi].
func siftDownFunc[E any](data []E, lo, hi, first int, cmp func(a, b E) int) {
	root := lo
	for {
		child := 2*root + 1
		if child >= hi {
			return
		}
		if child+1 < hi && cmp(data[first+child], data[first+child+1]) < 0 {
			child++
		}
		if !(cmp(data[first+root], data[first+child]) < 0) {
			return
		}
		data[first+root], data[first+child] = data[first+child], data[first+root]
		root = child
	}
}

func heapSortFunc[E any](data []E, a, b int, cmp func(a, b E) int) {
	first := a
	lo := 0
	hi := b - a
	for i := (hi - 1) / 2; i >= 0; i-- {
		siftDownFunc(data, i, hi, first, cmp)
	}
	for i := hi - 1; i >= 0; i-- {
		data[first], data[first+i] = data[first+i], data[first]
		siftDownFunc(data, lo, i, first, cmp)
	}
}

// Hints of choosePivotFunc about the order around the pivot.
const (
	unknownHint = iota
	increasingHint
	decreasingHint
)

// pdqsortFunc sorts data[a:b] by pattern-defeating quicksort; limit is the number of
// allowed bad pivot choices before falling back to heapsort.
func pdqsortFunc[E any](data []E, a, b, limit int, cmp func(a, b E) int) {
	const maxInsertion = 12
	wasBalanced := true
	wasPartitioned := true
	for {
		length := b - a
		if length <= maxInsertion {
			insertionSortFunc(data, a, b, cmp)
			return
		}
		if limit == 0 {
			heapSortFunc(data, a, b, cmp)
			return
		}
		if !wasBalanced {
			breakPatternsFunc(data, a, b)
			limit--
		}
		pivot, hint := choosePivotFunc(data, a, b, cmp)
		if hint == decreasingHint {
			reverseRangeFunc(data, a, b)
			pivot = (b - 1) - (pivot - a)
			hint = increasingHint
		}
		if wasBalanced && wasPartitioned && hint == increasingHint {
			if partialInsertionSortFunc(data, a, b, cmp) {
				return
			}
		}
		if a > 0 && !(cmp(data[a-1], data[pivot]) < 0) {
			mid := partitionEqualFunc(data, a, b, pivot, cmp)
			a = mid
			continue
		}
		mid, alreadyPartitioned := partitionFunc(data, a, b, pivot, cmp)
		wasPartitioned = alreadyPartitioned
		leftLen, rightLen := mid-a, b-mid
		balanceThreshold := length / 8
		if leftLen < rightLen {
			wasBalanced = leftLen >= balanceThreshold
			pdqsortFunc(data, a, mid, limit, cmp)
			a = mid + 1
		} else {
			wasBalanced = rightLen >= balanceThreshold
			pdqsortFunc(data, mid+1, b, limit, cmp)
			b = mid
		}
	}
}

// partitionFunc partitions data[a:b] around the pivot data[pivot]; it reports where the
// pivot ends up and whether no element had to move.
func partitionFunc[E any](data []E, a, b, pivot int, cmp func(a, b E) int) (int, bool) {
	data[a], data[pivot] = data[pivot], data[a]
	i, j := a+1, b-1
	for i <= j && cmp(data[i], data[a]) < 0 {
		i++
	}
	for i <= j && !(cmp(data[j], data[a]) < 0) {
		j--
	}
	if i > j {
		data[j], data[a] = data[a], data[j]
		return j, true
	}
	data[i], data[j] = data[j], data[i]
	i++
	j--
	for {
		for i <= j && cmp(data[i], data[a]) < 0 {
			i++
		}
		for i <= j && !(cmp(data[j], data[a]) < 0) {
			j--
		}
		if i > j {
			break
		}
		data[i], data[j] = data[j], data[i]
		i++
		j--
	}
	data[j], data[a] = data[a], data[j]
	return j, false
}

// partitionEqualFunc partitions data[a:b] into elements equal to data[pivot] followed by
// elements greater than it; the data is assumed to hold no smaller element.
func partitionEqualFunc[E any](data []E, a, b, pivot int, cmp func(a, b E) int) int {
	data[a], data[pivot] = data[pivot], data[a]
	i, j := a+1, b-1
	for {
		for i <= j && !(cmp(data[a], data[i]) < 0) {
			i++
		}
		for i <= j && cmp(data[a], data[j]) < 0 {
			j--
		}
		if i > j {
			break
		}
		data[i], data[j] = data[j], data[i]
		i++
		j--
	}
	return i
}

// partialInsertionSortFunc partially sorts a slice, and reports whether it is sorted.
func partialInsertionSortFunc[E any](data []E, a, b int, cmp func(a, b E) int) bool {
	const (
		maxSteps         = 5
		shortestShifting = 50
	)
	i := a + 1
	for j := 0; j < maxSteps; j++ {
		for i < b && !(cmp(data[i], data[i-1]) < 0) {
			i++
		}
		if i == b {
			return true
		}
		if b-a < shortestShifting {
			return false
		}
		data[i], data[i-1] = data[i-1], data[i]
		if i-a >= 2 {
			for j := i - 1; j >= 1; j-- {
				if !(cmp(data[j], data[j-1]) < 0) {
					break
				}
				data[j], data[j-1] = data[j-1], data[j]
			}
		}
		if b-i >= 2 {
			for j := i + 1; j < b; j++ {
				if !(cmp(data[j], data[j-1]) < 0) {
					break
				}
				data[j], data[j-1] = data[j-1], data[j]
			}
		}
	}
	return false
}

// breakPatternsFunc scatters some elements around to break patterns that could cause
// imbalanced partitions, with a xorshift generator seeded by the length.
func breakPatternsFunc[E any](data []E, a, b int) {
	length := b - a
	if length >= 8 {
		random := uint64(length)
		modulus := uint(1) << uint(bitsLen(length))
		idx := a + (length/4)*2 - 1
		for i := 0; i < 3; i++ {
			random ^= random << 13
			random ^= random >> 7
			random ^= random << 17
			other := int(uint(random) & (modulus - 1))
			if other >= length {
				other -= length
			}
			data[idx+i], data[a+other] = data[a+other], data[idx+i]
		}
	}
}

// choosePivotFunc chooses a pivot in data[a:b]: the median of three, or of three
// medians (Tukey's ninther) for long slices, with a hint of the order it saw.
func choosePivotFunc[E any](data []E, a, b int, cmp func(a, b E) int) (int, int) {
	const (
		shortestNinther = 50
		maxSwaps        = 4 * 3
	)
	l := b - a
	swaps := 0
	i := a + l/4*1
	j := a + l/4*2
	k := a + l/4*3
	if l >= 8 {
		if l >= shortestNinther {
			i = medianAdjacentFunc(data, i, &swaps, cmp)
			j = medianAdjacentFunc(data, j, &swaps, cmp)
			k = medianAdjacentFunc(data, k, &swaps, cmp)
		}
		j = medianFunc(data, i, j, k, &swaps, cmp)
	}
	switch swaps {
	case 0:
		return j, increasingHint
	case maxSwaps:
		return j, decreasingHint
	default:
		return j, unknownHint
	}
}

// order2Func returns x,y where data[x] <= data[y], where x,y=a,b or x,y=b,a.
func order2Func[E any](data []E, a, b int, swaps *int, cmp func(a, b E) int) (int, int) {
	if cmp(data[b], data[a]) < 0 {
		*swaps++
		return b, a
	}
	return a, b
}

// medianFunc returns x where data[x] is the median of a,b,c, where x is a, b, or c.
func medianFunc[E any](data []E, a, b, c int, swaps *int, cmp func(a, b E) int) int {
	a, b = order2Func(data, a, b, swaps, cmp)
	b, c = order2Func(data, b, c, swaps, cmp)
	a, b = order2Func(data, a, b, swaps, cmp)
	return b
}

// medianAdjacentFunc finds the median of data[a - 1], data[a], data[a + 1].
func medianAdjacentFunc[E any](data []E, a int, swaps *int, cmp func(a, b E) int) int {
	return medianFunc(data, a-1, a, a+1, swaps, cmp)
}

func reverseRangeFunc[E any](data []E, a, b int) {
	i := a
	j := b - 1
	for i < j {
		data[i], data[j] = data[j], data[i]
		i++
		j--
	}
}

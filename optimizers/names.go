package optimizers

import (
	"strings"
	"unicode"
)

// FoldName folds a name for lookup in a registry: lower case, without '-', '_' and white
// space, so that "CrossEntropy", "cross-entropy" and "cross_entropy" are one name. New,
// schedule.New, loss.New, train.NewMetric and model.ParseActivation all compare names
// this way, so that a spelling accepted by one kind of name is accepted by all; a plugin
// keeping its own registry should use it too.
func FoldName(name string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, name)
}

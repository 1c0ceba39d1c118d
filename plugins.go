package descent

import "embed"

// Plugins holds the plugins shipped with Descent, the plugin files of the repository's
// plugins/ folder (see plugins/README.md), under plugins/: optimizers, schedules and
// losses that the kernel interprets at start like any user's plugin. The files carry a
// build tag that keeps them out of every Go build, so that their registrations run only
// in the kernel's interpreter. A test there checks that every plugin file is listed.
//
//go:embed plugins/adabelief.go plugins/adamod.go plugins/focal.go plugins/inverse_sqrt.go plugins/logcosh.go plugins/signum.go
var Plugins embed.FS

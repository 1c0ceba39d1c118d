// Package plugins holds the plugins shipped with Descent: optimizers, schedules and
// losses written as Go files that the kernel loads at start (see README.md). The files
// are not part of this package (their build tag keeps them out of every build): the
// kernel interprets them from Files, which the binary embeds.
package plugins

import "embed"

// Files are the shipped plugin files, at the top of the file system.
//
//go:embed adabelief.go adamod.go focal.go inverse_sqrt.go logcosh.go signum.go
var Files embed.FS

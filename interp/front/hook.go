package front

// Lowered cells call a few compiled helpers, in a package that cells cannot name: the
// session imports it under HookName in every interpreter and registers its symbols from
// HookPath (see Hooks).
const (
	HookPath = "descent.internal/hook"
	HookName = "ᐅdescent"
)

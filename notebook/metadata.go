package notebook

// SetMetadata sets one key of the notebook's metadata, such as "widgets" for the state
// of the widgets its outputs show; a nil value removes the key.
func (nb *Notebook) SetMetadata(key string, value any) {
	md, _ := nb.raw["metadata"].(map[string]any)
	if md == nil {
		md = map[string]any{}
		nb.raw["metadata"] = md
	}
	if value == nil {
		delete(md, key)
		return
	}
	md[key] = value
}

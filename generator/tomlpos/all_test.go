package tomlpos

// all is the index as one map of joined paths (Join) to spans, for tests
// that go through every entry.
func (ix *Index) all() map[string]span {
	prefixes := make(map[int32]string, len(ix.tables))
	for p, t := range ix.tables {
		prefixes[t] = p
	}
	m := make(map[string]span, len(ix.entries))
	for k, sp := range ix.entries {
		m[string(AppendJoined([]byte(prefixes[k.table]), k.key))] = sp
	}
	return m
}

//go:build !linux

package output

// renameExchange is only available on Linux (exchange_linux.go);
// elsewhere swapIn falls back to two renames.
func renameExchange(a, b string) error { return errNoExchange }

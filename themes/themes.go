// Package themes embeds the default theme, so that an installed binary
// builds a complete site with no checkout beside it.
package themes

import (
	"embed"
	"io/fs"
)

//go:embed all:default
var embedded embed.FS

// Default returns the default theme, rooted at its folder (templates/,
// assets/).
func Default() fs.FS {
	sub, err := fs.Sub(embedded, "default")
	if err != nil {
		panic(err) // the folder is embedded at compile time
	}
	return sub
}

// Package themes embeds the default theme, so that an installed binary
// builds a complete site with no checkout beside it.
package themes

import (
	"embed"
	"io/fs"
)

//go:embed precompressed
var precompressed embed.FS

// PrecompressedDir is the folder, beside the default theme, of the
// vendored assets' precompressed copies (package precompress).
const PrecompressedDir = "precompressed"

// Precompressed returns the copy made at development time of an asset
// whose SHA-256 is sum (lower-case hex), for the encoding whose suffix
// is ext (".gz", ".br"); false when none is vendored. The copies are
// keyed by the asset's content, not its path: any theme that carries
// the same bytes gets them. They are made and checked by
// `go test ./generator/precompress -run 'TestVendoredCopies$' -update`.
func Precompressed(sum, ext string) ([]byte, bool) {
	data, err := precompressed.ReadFile(PrecompressedDir + "/" + sum + ext)
	return data, err == nil
}

// PrecompressedFS is the folder of vendored copies (for the tests).
func PrecompressedFS() fs.FS {
	sub, err := fs.Sub(precompressed, PrecompressedDir)
	if err != nil {
		panic(err) // the folder is embedded at compile time
	}
	return sub
}

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

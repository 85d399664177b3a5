// Package markdown holds the one goldmark configuration every narrative is
// rendered with: CommonMark plus tables, raw HTML not rendered, dangerous
// link schemes dropped, stable heading ids.
package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// Renderer converts narratives. It is safe for concurrent use.
type Renderer struct {
	md goldmark.Markdown
}

// New returns the site's Markdown renderer.
func New() *Renderer {
	return &Renderer{md: goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		// goldmark's HTML renderer is safe by default: raw HTML is replaced
		// by a comment and javascript:/vbscript:/data: links are emptied.
		// Never add html.WithUnsafe here.
	)}
}

// Convert renders Markdown source to HTML.
func (r *Renderer) Convert(src []byte) ([]byte, error) {
	var buf bytes.Buffer
	if err := r.md.Convert(src, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

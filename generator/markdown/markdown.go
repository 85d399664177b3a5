// Package markdown holds the one goldmark configuration every narrative is
// rendered with: CommonMark plus tables, raw HTML not rendered, dangerous
// link schemes dropped, readable heading ids for Chinese headings, and
// headings moved one level down so that they sit under the page's own
// section heading.
package markdown

import (
	"bytes"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Renderer converts narratives. It is safe for concurrent use.
type Renderer struct {
	md goldmark.Markdown
}

// New returns the site's Markdown renderer.
func New() *Renderer {
	return &Renderer{md: goldmark.New(
		// Table alignment as align="…" attributes: the default writes
		// style="text-align:…", which the site's CSP (no inline styles) blocks.
		goldmark.WithExtensions(extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)), extension.Strikethrough, chartExtension{}),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(demote{}, 100)),
		),
		// goldmark's HTML renderer is safe by default: raw HTML is replaced
		// by a comment and javascript:/vbscript:/data: links are emptied.
		// Never add html.WithUnsafe here.
	)}
}

// Convert renders Markdown source to HTML.
func (r *Renderer) Convert(src []byte) ([]byte, error) {
	var buf bytes.Buffer
	ctx := parser.NewContext(parser.WithIDs(&ids{seen: map[string]bool{}}))
	if err := r.md.Convert(src, &buf, parser.WithContext(ctx)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// demote moves every heading one level down (# → h2), because the
// narrative is shown under the page's own h2 section heading.
type demote struct{}

func (demote) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering && h.Level < 6 {
			h.Level++
		}
		return ast.WalkContinue, nil
	})
}

// ids makes heading ids that keep Chinese text ("一概况"), where goldmark's
// default keeps only ASCII and would call every Chinese heading "heading".
type ids struct{ seen map[string]bool }

func (g *ids) Generate(value []byte, _ ast.NodeKind) []byte {
	// Written into a buffer on the stack and looked up without a string:
	// the id's bytes and its key in seen are the only allocations.
	var buf [128]byte
	b := buf[:0]
	for i := 0; i < len(value); {
		r, n := utf8.DecodeRune(value[i:])
		i += n
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b = utf8.AppendRune(b, unicode.ToLower(r))
		case r == ' ' || r == '-' || r == '_':
			if len(b) > 0 && b[len(b)-1] != '-' {
				b = append(b, '-')
			}
		}
	}
	if len(b) == 0 {
		b = append(b, "section"...)
	}
	if g.seen[string(b)] {
		base := len(b)
		for n := 1; ; n++ {
			b = strconv.AppendInt(append(b[:base], '-'), int64(n), 10)
			if !g.seen[string(b)] {
				break
			}
		}
	}
	id := bytes.Clone(b)
	g.seen[string(id)] = true
	return id
}

func (g *ids) Put(value []byte) { g.seen[string(value)] = true }

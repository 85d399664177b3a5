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
	var b []rune
	for _, r := range string(value) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b = append(b, unicode.ToLower(r))
		case r == ' ' || r == '-' || r == '_':
			if len(b) > 0 && b[len(b)-1] != '-' {
				b = append(b, '-')
			}
		}
	}
	id := string(b)
	if id == "" {
		id = "section"
	}
	base := id
	for n := 1; g.seen[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	g.seen[id] = true
	return []byte(id)
}

func (g *ids) Put(value []byte) { g.seen[string(value)] = true }

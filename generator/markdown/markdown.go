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
	"unsafe"

	"github.com/disclose-portal/disclose/generator/internal/freelist"
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
	// goldmark's default parser, except that headings keep their ids in
	// the call's ids rather than as attributes (headingIDs) and that a
	// paragraph without "[" is not read for link reference definitions.
	p := parser.NewParser(
		parser.WithBlockParsers(blockParsers()...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(util.Prioritized(linkRefs{}, 100)),
	)
	return &Renderer{md: goldmark.New(
		goldmark.WithParser(p), // before the parser's options, which it takes
		// Table alignment as align="…" attributes: the default writes
		// style="text-align:…", which the site's CSP (no inline styles)
		// blocks. renderTableCell writes them so: change the two together.
		goldmark.WithExtensions(extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)), extension.Strikethrough, chartExtension{}, nodeRenderers{}),
		goldmark.WithParserOptions(
			parser.WithASTTransformers(util.Prioritized(demote{}, 100)),
		),
		// goldmark's HTML renderer is safe by default: raw HTML is replaced
		// by a comment and javascript:/vbscript:/data: links are emptied.
		// Never add html.WithUnsafe here.
	)}
}

// Convert renders Markdown source to HTML.
func (r *Renderer) Convert(src []byte) ([]byte, error) {
	html, _, err := r.convert(src, nil)
	return html, err
}

// state is what one conversion uses and gives back: its heading ids and
// the buffer its HTML is rendered into (the caller gets a copy of the
// HTML's size). Kept in a free list rather than a sync.Pool, which each
// collection (every few reports in a build) empties.
type state struct {
	ids ids
	out writer
}

var states = freelist.New[*state](2)

// getState takes a state given back, emptied, or makes one.
func getState() *state {
	if st, ok := states.Take(); ok {
		return st
	}
	st := &state{ids: ids{seen: map[string]bool{}, heads: map[*ast.Heading][]byte{}}}
	st.out.ids = &st.ids
	return st
}

// putState empties st and gives it back, unless a huge narrative made it
// large. Emptied at once, its map of headings keeps no syntax tree alive
// while it waits.
func putState(st *state) {
	if st.out.Cap() > 1<<20 || cap(st.ids.slab) > 1<<16 || len(st.ids.heads) > 1<<10 {
		return
	}
	clear(st.ids.seen)
	clear(st.ids.heads)
	st.ids.slab = st.ids.slab[:0]
	st.out.Reset()
	states.Give(st)
}

// writer is the buffer HTML is rendered into. It is a util.BufWriter,
// so that goldmark writes into it directly rather than through a 4 KB
// bufio.Writer of its own each call, and it carries the call's heading
// ids to renderHeading.
type writer struct {
	bytes.Buffer
	ids *ids
}

// Buffered is how much was written: the bytes are in the buffer.
func (w *writer) Buffered() int { return w.Len() }

// Flush does nothing: there is nothing below the buffer.
func (w *writer) Flush() error { return nil }

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
// The ids are cut from slab, and seen's keys are their bytes: nothing is
// written over in a conversion, and getState clears both before the next.
type ids struct {
	seen  map[string]bool
	heads map[*ast.Heading][]byte // each heading's id, for renderHeading
	slab  []byte
}

func (g *ids) Generate(value []byte, _ ast.NodeKind) []byte {
	// Written into a buffer on the stack and looked up without a string;
	// kept in slab, which only grows in a conversion.
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
	start := len(g.slab)
	g.slab = append(g.slab, b...)
	id := g.slab[start:len(g.slab):len(g.slab)]
	g.seen[unsafe.String(unsafe.SliceData(id), len(id))] = true
	return id
}

func (g *ids) Put(value []byte) { g.seen[string(value)] = true }

package markdown

import (
	"bytes"
	"reflect"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Heading ids as parser.WithAutoHeadingID makes them, without its
// attribute: a node's first attribute is a slice of ten (400 bytes) and
// the id boxed in an interface, for a few bytes of id. The ids are made
// at the same point, in the same order (so repeats are numbered alike),
// and written by renderHeading as goldmark's renderer writes the
// attribute.

// blockParsers is goldmark's default block parsers, those of headings
// closed by headingIDs.
func blockParsers() []util.PrioritizedValue {
	heading := map[reflect.Type]bool{
		reflect.TypeOf(parser.NewATXHeadingParser()):    true,
		reflect.TypeOf(parser.NewSetextHeadingParser()): true,
	}
	ps := parser.DefaultBlockParsers()
	for i, p := range ps {
		if heading[reflect.TypeOf(p.Value)] {
			ps[i].Value = headingIDs{p.Value.(parser.BlockParser)}
		}
	}
	return ps
}

// headingIDs closes a heading as its parser does, then gives it its id
// as goldmark's generateAutoHeadingID does (also for a setext heading
// its parser took out of the tree, whose id then counts as used).
type headingIDs struct{ parser.BlockParser }

func (h headingIDs) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	h.BlockParser.Close(node, reader, pc)
	if id, ok := node.AttributeString("id"); ok { // never: attributes are off
		pc.IDs().Put(id.([]byte))
		return
	}
	var line []byte
	if last := node.Lines().Len() - 1; last > -1 {
		seg := node.Lines().At(last)
		line = seg.Value(reader.Source())
	}
	id := pc.IDs().Generate(line, ast.KindHeading)
	if g, ok := pc.IDs().(*ids); ok {
		g.heads[node.(*ast.Heading)] = id
	}
}

// SetOption passes goldmark's options on to the heading's parser.
func (h headingIDs) SetOption(name parser.OptionName, value any) {
	if so, ok := h.BlockParser.(parser.SetOptioner); ok {
		so.SetOption(name, value)
	}
}

// nodeRenderers renders headings with their ids, and table cells without
// fmt, in place of goldmark's renderers (their priority is lower).
type nodeRenderers struct{}

func (nodeRenderers) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(nodeRenderers{}, 100)))
}

func (nodeRenderers) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, renderHeading)
	reg.Register(east.KindTableCell, renderTableCell)
}

// renderTableCell is goldmark's table extension's renderTableCell with
// the alignment as an attribute (the site's setting), writing its tags
// directly: through fmt.Fprintf each tag and alignment was a block (a
// string boxed), three a cell.
func renderTableCell(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*east.TableCell)
	tag := "td"
	if n.Parent().Kind() == east.KindTableHeader {
		tag = "th"
	}
	if !entering {
		_, _ = w.WriteString("</")
		_, _ = w.WriteString(tag)
		_, _ = w.WriteString(">\n")
		return ast.WalkContinue, nil
	}
	_ = w.WriteByte('<')
	_, _ = w.WriteString(tag)
	if n.Alignment != east.AlignNone {
		if _, ok := n.AttributeString("align"); !ok { // skipped where overridden
			_, _ = w.WriteString(` align="`)
			_, _ = w.WriteString(n.Alignment.String())
			_ = w.WriteByte('"')
		}
	}
	if n.Attributes() != nil {
		if tag == "td" {
			html.RenderAttributes(w, n, extension.TableTdCellAttributeFilter)
		} else {
			html.RenderAttributes(w, n, extension.TableThCellAttributeFilter)
		}
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

// renderHeading is goldmark's html renderHeading, with the id the call's
// ids keep for the heading written first among its attributes, as
// WithAutoHeadingID's attribute was.
func renderHeading(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	if !entering {
		_, _ = w.WriteString("</h")
		_ = w.WriteByte("0123456"[n.Level])
		_, _ = w.WriteString(">\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<h")
	_ = w.WriteByte("0123456"[n.Level])
	if o, ok := w.(*writer); ok {
		if id, ok := o.ids.heads[n]; ok {
			_, _ = w.WriteString(` id="`)
			_, _ = w.Write(util.EscapeHTML(id))
			_ = w.WriteByte('"')
		}
	}
	if n.Attributes() != nil {
		html.RenderAttributes(w, node, html.HeadingAttributeFilter)
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

// linkRefs is goldmark's LinkReferenceParagraphTransformer for a
// paragraph that holds a "[", where a definition can start; for the others
// (a narrative's usual paragraph) it found none, having made a reader.
type linkRefs struct{}

func (linkRefs) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines, src := node.Lines(), reader.Source()
	for i := range lines.Len() {
		if s := lines.At(i); bytes.IndexByte(src[s.Start:s.Stop], '[') >= 0 {
			parser.LinkReferenceParagraphTransformer.Transform(node, reader, pc)
			return
		}
	}
	if lines.Len() == 0 { // as the transformer leaves such a paragraph
		parser.LinkReferenceParagraphTransformer.Transform(node, reader, pc)
	}
}

package markdown

import (
	"bytes"
	"fmt"
	"github.com/disclose-portal/disclose/generator/i18n"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A narrative places one of its report's charts with a fenced block whose
// info string is `chart`, naming the chart inside (or after the word):
//
//	```chart
//	funds-sources
//	```
//
// The block is replaced by the chart's figure; a name the report has no
// chart for is an error at the name's position.

// Placer returns the HTML of the report's chart of a name, or false when
// there is none.
type Placer func(name string) ([]byte, bool)

// ChartError is a chart block that names no chart of the report.
type ChartError struct {
	Line, Col int    // of the name (of the fence when no name is given)
	Name      string // "" when the block names nothing
}

func (e ChartError) Error() string {
	if e.Name == "" {
		return "chart block names no chart: write the chart's name inside it"
	}
	return fmt.Sprintf("chart block names no chart of this report: %q", e.Name)
}

// Text is the error for an editor, in the editor's language.
func (e ChartError) Text() i18n.Text {
	if e.Name == "" {
		return i18n.T("check.chart_unnamed")
	}
	return i18n.T("check.chart_unknown", e.Name)
}

// HasChartBlock tells cheaply whether src may hold a chart block.
func HasChartBlock(src []byte) bool { return bytes.Contains(src, []byte("chart")) }

// ConvertCharts renders Markdown like Convert, placing charts through
// place; bad chart blocks are returned, in order, and render as nothing.
func (r *Renderer) ConvertCharts(src []byte, place Placer) ([]byte, []ChartError, error) {
	return r.convert(src, place)
}

// convert renders src, placing charts through place unless it is nil.
func (r *Renderer) convert(src []byte, place Placer) ([]byte, []ChartError, error) {
	st := getState()
	defer putState(st)
	ctx := parser.NewContext(parser.WithIDs(&st.ids))
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	var blocks []*ast.FencedCodeBlock
	if place != nil && HasChartBlock(src) { // else no fence names a chart: no walk
		ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if fc, ok := n.(*ast.FencedCodeBlock); ok && entering && fc.Info != nil {
				if f := strings.Fields(string(fc.Info.Segment.Value(src))); len(f) > 0 && f[0] == "chart" {
					blocks = append(blocks, fc)
				}
			}
			return ast.WalkContinue, nil
		})
	}
	var bad []ChartError
	for _, fc := range blocks {
		name, at := chartName(fc, src)
		html, ok := []byte(nil), false
		if name != "" {
			html, ok = place(name)
		}
		if !ok {
			line, col := position(src, at)
			bad = append(bad, ChartError{Line: line, Col: col, Name: name})
		}
		fc.Parent().ReplaceChild(fc.Parent(), fc, &chartNode{html: html})
	}
	if err := r.md.Renderer().Render(&st.out, src, doc); err != nil {
		return nil, nil, err
	}
	// The HTML at its size, out of the pooled buffer (which grew to a
	// narrative's size once): a buffer of its own, sized from the source,
	// was a third larger than the HTML.
	return bytes.Clone(st.out.Bytes()), bad, nil
}

// chartName reads the name after `chart` on the fence line, else the
// block's first non-empty line, with its byte offset.
func chartName(fc *ast.FencedCodeBlock, src []byte) (string, int) {
	info := fc.Info.Segment
	line := string(info.Value(src))
	if rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "chart")); rest != "" {
		return rest, info.Start + strings.Index(line, rest)
	}
	lines := fc.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		v := string(seg.Value(src))
		if name := strings.TrimSpace(v); name != "" {
			return name, seg.Start + strings.Index(v, name)
		}
	}
	return "", info.Start
}

// position turns a byte offset into a 1-based line and column (in
// characters, as editors count them).
func position(src []byte, off int) (int, int) {
	if off > len(src) {
		off = len(src)
	}
	before := src[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}

// chartNode is a placed chart: HTML made by the theme, not by the editor.
type chartNode struct {
	ast.BaseBlock
	html []byte
}

var kindChart = ast.NewNodeKind("Chart")

func (n *chartNode) Kind() ast.NodeKind { return kindChart }

func (n *chartNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// chartExtension renders chart nodes.
type chartExtension struct{}

func (chartExtension) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(chartExtension{}, 100)))
}

func (chartExtension) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindChart, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.Write(n.(*chartNode).html)
		}
		return ast.WalkSkipChildren, nil
	})
}

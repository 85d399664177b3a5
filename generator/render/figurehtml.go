package render

import (
	"errors"
	"html/template"
	"strings"

	"github.com/disclose-portal/disclose/generator/charts"
)

// figureHTML is a chart's whole figure (caption, chart box, data block,
// table, CSV link), the bytes the default theme's figure partial wrote
// with html/template until issue 16. A report page has about twenty
// figures of a dozen values each, and html/template's reflective call
// for every value and every escaper it inserted cost more than writing
// them; so the partial calls this, and the escaping here is
// html/template's for each context (held to the old partial byte for
// byte by figurehtml_test.go). A theme may still write its own figure
// partial from the chart's fields.
func figureHTML(c *charts.Chart) (template.HTML, error) {
	if c == nil {
		return "", errors.New("figure of no chart")
	}
	var w rowWriter
	w.figureOf(c)
	return w.html(), nil
}

// figureOf writes into w what figureHTML returns.
func (w *rowWriter) figureOf(c *charts.Chart) {
	w.Grow(c.OptionSizeHint() + 8192 + 64*len(c.Table.Rows)*len(c.Table.Head))
	w.WriteString("\n<figure class=\"figure\" aria-labelledby=\"")
	w.text(c.ID)
	w.WriteString("-caption\">\n  <figcaption id=\"")
	w.text(c.ID)
	w.WriteString("-caption\">")
	w.text(c.Caption)
	w.WriteString(`<span class="figure-unit">（单位：`)
	w.text(c.Unit)
	w.WriteString("）</span></figcaption>\n  <div class=\"chart ")
	w.text(c.Size)
	w.WriteString(`" data-chart-option="`)
	w.text(c.ID)
	w.WriteString(`">`)
	w.buf = c.AppendSVG(w.buf) // escaped as it was drawn; no copy of its own
	w.buf = c.AppendRoom(w.buf)
	w.WriteString("</div>\n  <script type=\"application/json\" id=\"")
	w.text(c.ID)
	w.WriteString(`">`)
	w.buf = c.AppendOption(w.buf) // JSON with <, > and & escaped (chartJSON)
	w.WriteString("</script>\n  <details class=\"figure-data\">\n    <summary>查看数据表</summary>\n" +
		`    <div class="table-scroll" tabindex="0" role="region" aria-label="`)
	w.text(c.Caption)
	w.WriteString("（")
	w.text(c.Unit)
	w.WriteString("）\"><table class=\"stack\">\n      <caption>")
	w.text(c.Caption)
	w.WriteString("（")
	w.text(c.Unit)
	w.WriteString("）</caption>\n      <thead><tr>")
	w.head(c.Table)
	w.WriteString("</tr></thead>\n      <tbody>")
	w.rows(c.Table)
	w.WriteString("</tbody>\n      ")
	if len(c.Table.Foot) > 0 {
		w.WriteString("<tfoot><tr>")
		w.cells(c.Table.Foot, c.Table.Head)
		w.WriteString("</tr></tfoot>")
	}
	w.WriteString("\n    </table></div>\n  </details>\n  <p class=\"figure-download\"><a href=\"")
	w.url(c.CSVName())
	w.WriteString("\" download type=\"text/csv\">下载数据表（CSV，本页各图表合一）</a></p>\n</figure>\n")
}

// url writes s as the whole value of a URL attribute (href), as
// html/template does: a scheme other than http, https or mailto becomes
// #ZgotmplZ, bytes outside URLs are percent-encoded (valid %xx escapes
// kept), and the result is escaped as an attribute value.
func (w *rowWriter) url(s string) {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		s = "#ZgotmplZ"
	}
	w.urlPath(s)
}

// urlPath writes s inside a URL, after its start, as html/template does
// there: bytes outside URLs percent-encoded (valid %xx escapes kept),
// the result escaped as an attribute value. Of the bytes kept only & and
// + have to be escaped there, so it writes straight into w, without a
// copy of the encoded URL.
func (w *rowWriter) urlPath(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var rep string
		switch {
		case c == '&':
			rep = "&amp;"
		case c == '+':
			rep = "&#43;"
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("!#$*,/:;=?@[]-._~", c) >= 0 ||
			c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]):
			continue
		}
		w.WriteString(s[last:i])
		if rep != "" {
			w.WriteString(rep)
		} else {
			w.writeByte('%')
			w.writeByte("0123456789abcdef"[c>>4])
			w.writeByte("0123456789abcdef"[c&15])
		}
		last = i + 1
	}
	w.WriteString(s[last:])
}

// percentEncode writes s to b with every byte keep refuses percent-encoded
// (lower-case hex, as html/template writes it), and reports whether it
// encoded any (when not, b holds s as it is).
func percentEncode(b *rowWriter, s string, keep func(s string, i int) bool) bool {
	written := 0
	for i := 0; i < len(s); i++ {
		if keep(s, i) {
			continue
		}
		c := s[i]
		b.WriteString(s[written:i])
		b.writeByte('%')
		b.writeByte("0123456789abcdef"[c>>4])
		b.writeByte("0123456789abcdef"[c&15])
		written = i + 1
	}
	b.WriteString(s[written:])
	return written > 0
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

package xlsx

import (
	"archive/zip"
	"bufio"
	"hash/crc32"
	"io"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// This file writes the SpreadsheetML package of tables.xlsx by hand. A
// build writes one workbook per report, and through excelize that cost
// 7–10 ms each (a first build of 1,000 synthetic reports: +60–75% user
// CPU), half of it encoding/xml by reflection over excelize's whole
// document model and half deflate. What Write needs is small and fixed:
// rows written in order, text, numbers, three cell styles and one per
// amount format, column widths and merged ranges. Written straight into
// byte buffers, that is a few hundred lines that the round-trip tests
// check through excelize (the importer) and that LibreOffice opens; see
// docs/performance.md. excelize stays for reading clerks' workbooks,
// which can hold anything.

// maxCellChars is the most a cell holds (Excel's limit, in UTF-16 code
// units); longer text is cut there, as excelize did, rather than make a
// file Excel refuses.
const maxCellChars = 32767

// Cell styles: the index of each in cellXfs. Amount styles follow,
// one per number of decimals, in the order a workbook first uses them.
const (
	styleNone = 0
	styleHead = 1 // bold, bordered, wrapped, centred vertically
	styleWrap = 2 // bordered, wrapped, centred vertically
	styleBase = 3 // the first amount style
)

// wbook is a workbook being written: its sheets, the shared strings
// they use and the amount formats.
type wbook struct {
	d       *deflater // compresses the parts; lends the buffers below
	sheets  []*wsheet
	strs    map[string]int
	sst     []byte // the <si> elements, in index order
	strRefs int    // how many cells refer to a shared string
	decs    []int  // decimals of amount style styleBase+i
}

// wsheet is one sheet. Rows are written in order as the layout code
// puts them, so the sheet's XML is appended as it goes.
type wsheet struct {
	name   string
	cols   []byte // <col> elements
	data   []byte // <row> elements
	rows   int    // the last row written
	maxCol int
	merges [][4]int32 // column, row of the first cell, then of the last
	// the row being written: open once a cell is in it
	row     int
	rowOpen bool
	rowNum  []byte // row's digits, written once for all its cells' references
}

// newWorkbook starts a workbook in d's buffers, which the last workbook
// d wrote grew: a build writes one per report, and growing each sheet's
// XML and the shared strings afresh was most of the memory a workbook
// took. done gives them back.
func newWorkbook(d *deflater) *wbook {
	if d.strs == nil {
		d.strs = map[string]int{}
	}
	return &wbook{d: d, strs: d.strs, sst: d.sst[:0], sheets: d.sheetList[:0]}
}

// addSheet starts a sheet. The sheets are written one after another,
// each to its end before the next starts, so each appends its XML
// after the last one's, in one buffer.
func (b *wbook) addSheet(name string) *wsheet {
	// The sheets of d's last workbook are filled again: their columns
	// and merged ranges keep their room.
	var s *wsheet
	if n := len(b.sheets); n < len(b.d.wsheets) {
		s = b.d.wsheets[n]
		*s = wsheet{cols: s.cols[:0], merges: s.merges[:0], rowNum: s.rowNum[:0]}
	} else {
		s = new(wsheet)
		b.d.wsheets = append(b.d.wsheets, s)
	}
	s.name, s.data = name, b.d.sheets[:0]
	if n := len(b.sheets); n > 0 {
		p := b.sheets[n-1]
		p.endRow()
		s.data = p.data[len(p.data):]
		p.data = p.data[:len(p.data):len(p.data)] // full: should it grow, it moves rather than overwrite s's
	}
	b.sheets = append(b.sheets, s)
	return s
}

// done hands the buffers back to b.d for its next workbook, the sheets'
// one large enough for all of this workbook's sheets at once.
func (b *wbook) done() {
	total := 0
	for _, s := range b.sheets {
		total += len(s.data)
	}
	if total > cap(b.d.sheets) {
		b.d.sheets = make([]byte, 0, total+total/4)
	}
	b.d.sst = b.sst[:0]
	b.d.sheetList = b.sheets[:0]
	clear(b.d.strs)
}

// amountStyle returns the style of an amount with dec decimals: a
// thousands-grouped number format showing exactly those decimals, so
// that a figure is shown as printed, never rounded.
func (b *wbook) amountStyle(dec int) int {
	for i, d := range b.decs {
		if d == dec {
			return styleBase + i
		}
	}
	b.decs = append(b.decs, dec)
	return styleBase + len(b.decs) - 1
}

// colWidth sets the width of columns first to last (from 1), in
// characters.
func (s *wsheet) colWidth(first, last int, width float64) {
	s.cols = append(s.cols, `<col min="`...)
	s.cols = strconv.AppendInt(s.cols, int64(first), 10)
	s.cols = append(s.cols, `" max="`...)
	s.cols = strconv.AppendInt(s.cols, int64(last), 10)
	s.cols = append(s.cols, `" width="`...)
	s.cols = strconv.AppendFloat(s.cols, width, 'f', -1, 64)
	s.cols = append(s.cols, `" customWidth="1"/>`...)
}

// merge merges the range from (c0, r0) to (c1, r1), from 1.
func (s *wsheet) merge(c0, r0, c1, r1 int) {
	s.merges = append(s.merges, [4]int32{int32(c0), int32(r0), int32(c1), int32(r1)})
}

// appendRange appends a merged range's reference: "A1:K1".
func appendRange(dst []byte, m [4]int32) []byte {
	dst = appendColName(dst, int(m[0]))
	dst = strconv.AppendInt(dst, int64(m[1]), 10)
	dst = append(dst, ':')
	dst = appendColName(dst, int(m[2]))
	return strconv.AppendInt(dst, int64(m[3]), 10)
}

// startRow begins row r (from 1, above the last one written); its
// element is written with its first cell, so that a row of nothing
// leaves none.
func (s *wsheet) startRow(r int) { s.row, s.rowOpen = r, false }

func (s *wsheet) endRow() {
	if s.rowOpen {
		s.data = append(s.data, "</row>"...)
		s.rowOpen = false
	}
}

// open writes the start of cell col (from 1) of the current row, up to
// its attributes: the caller adds its type and value.
func (s *wsheet) open(col, style int) {
	if !s.rowOpen {
		s.data = append(s.data, `<row r="`...)
		s.rowNum = strconv.AppendInt(s.rowNum[:0], int64(s.row), 10)
		s.data = append(s.data, s.rowNum...)
		s.data = append(s.data, `">`...)
		s.rowOpen = true
		s.rows = s.row
	}
	s.maxCol = max(s.maxCol, col)
	s.data = append(s.data, `<c r="`...)
	s.data = appendColName(s.data, col)
	s.data = append(s.data, s.rowNum...)
	switch style {
	case styleNone:
		s.data = append(s.data, '"')
	case styleHead:
		s.data = append(s.data, `" s="1"`...)
	case styleWrap:
		s.data = append(s.data, `" s="2"`...)
	default:
		s.data = append(s.data, `" s="`...)
		s.data = strconv.AppendInt(s.data, int64(style), 10)
		s.data = append(s.data, '"')
	}
}

// empty writes a cell with a style and no value (a bordered blank).
func (s *wsheet) empty(col, style int) {
	if style == styleNone {
		return
	}
	s.open(col, style)
	s.data = append(s.data, "/>"...)
}

// number writes v, a plain decimal, as a number: the decimal string is
// stored as it is, so no digit is lost to a float.
func (s *wsheet) number(col, style int, v string) {
	s.open(col, style)
	s.data = append(s.data, "><v>"...)
	s.data = append(s.data, v...)
	s.data = append(s.data, "</v></c>"...)
}

// text writes v as a shared string. The table is looked up with v as
// it is first: its keys are clean (cleanText leaves them as they are),
// so a text found there needs no cleaning, and most of a workbook's
// text cells repeat one before them (its labels: 1,140 cells for 287
// strings), whose bytes cleanText read again every time.
func (b *wbook) text(s *wsheet, col, style int, v string) {
	i, ok := b.strs[v]
	if !ok {
		if c := cleanText(v); c != v {
			v = c
			i, ok = b.strs[v]
		}
	}
	if !ok {
		i = len(b.strs)
		b.strs[v] = i
		b.sst = append(b.sst, "<si><t"...)
		if v != "" && (isSpace(v[0]) || isSpace(v[len(v)-1])) {
			b.sst = append(b.sst, ` xml:space="preserve"`...)
		}
		b.sst = append(b.sst, '>')
		b.sst = appendEscaped(b.sst, v, true)
		b.sst = append(b.sst, "</t></si>"...)
	}
	b.strRefs++
	s.open(col, style)
	s.data = append(s.data, ` t="s"><v>`...)
	s.data = strconv.AppendInt(s.data, int64(i), 10)
	s.data = append(s.data, "</v></c>"...)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// cleanText drops what XML 1.0 cannot carry (control characters other
// than tab and line breaks, U+FFFE and U+FFFF), turns bytes that are
// not UTF-8 into U+FFFD, and cuts the text at the most a cell holds.
// The dropped characters print as nothing in a report.
func cleanText(v string) string {
	if len(v) <= maxCellChars && plainText(v) { // a UTF-16 unit takes a byte at least
		return v
	}
	clean := true
	units := 0
	for _, r := range v {
		if !xmlChar(r) || r == utf8.RuneError {
			clean = false
			break
		}
		units++
		if r >= 0x10000 {
			units++
		}
	}
	if clean && units <= maxCellChars {
		return v
	}
	var out []byte
	units = 0
	for i, r := range v {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(v[i:]); size == 1 {
				r = '\uFFFD'
			}
		}
		if !xmlChar(r) {
			continue
		}
		n := 1
		if r >= 0x10000 {
			n = 2
		}
		if units+n > maxCellChars {
			break
		}
		units += n
		out = utf8.AppendRune(out, r)
	}
	return string(out)
}

// plainText tells whether v is UTF-8 of characters XML carries, none
// of them U+FFFD: cleanText returns it as it is. ASCII and most
// three-byte characters (Chinese, the full-width punctuation) are
// checked a byte at a time, the rest decoded.
func plainText(v string) bool {
	for i := 0; i < len(v); {
		c := v[i]
		switch {
		case c >= 0x20 && c < 0x80 || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case c >= 0xE1 && c <= 0xEE && c != 0xED || c == 0xEF && i+1 < len(v) && v[i+1] != 0xBF:
			// E0 and ED have a narrower second byte; EF BF holds
			// U+FFFD–U+FFFF.
			if i+2 < len(v) && v[i+1]&0xC0 == 0x80 && v[i+2]&0xC0 == 0x80 {
				i += 3
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(v[i:])
		if r == utf8.RuneError || !xmlChar(r) {
			return false
		}
		i += size
	}
	return true
}

// xmlChar tells whether XML 1.0 allows r in a document.
func xmlChar(r rune) bool {
	switch {
	case r == '\t', r == '\n', r == '\r':
		return true
	case r < 0x20:
		return false
	case r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
		return false
	}
	return r <= 0x10FFFF
}

// appendEscaped appends v, clean (cleanText), escaped for element
// content or a double-quoted attribute. A carriage return is written as
// a reference, which XML does not fold into a line feed. In cell text
// (bstr true) an "_x" followed by four hex digits and "_" would be read
// by Excel and excelize as an escaped character (_x000D_): its "_" is
// escaped as _x005F_, at every position, so that text like
// "_x0041_x0042_" comes back as written.
func appendEscaped(dst []byte, v string, bstr bool) []byte {
	last := 0
	for i := 0; i < len(v); i++ {
		var esc string
		switch v[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&quot;"
		case '\r':
			esc = "&#13;"
		case '_':
			if bstr && isBstr(v[i:]) {
				esc = "_x005F_"
			} else {
				continue
			}
		default:
			continue
		}
		dst = append(dst, v[last:i]...)
		dst = append(dst, esc...)
		last = i + 1
	}
	return append(dst, v[last:]...)
}

// isBstr tells whether s starts with _xHHHH_.
func isBstr(s string) bool {
	if len(s) < 7 || s[1] != 'x' || s[6] != '_' {
		return false
	}
	for _, c := range []byte(s[2:6]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// sheetParts are the names of the first sheets' parts, made once.
var sheetParts = func() (names [64]string) {
	for i := range names {
		names[i] = "xl/worksheets/sheet" + strconv.Itoa(i+1) + ".xml"
	}
	return names
}()

// sheetPart is the name of sheet n's part (from 1).
func sheetPart(n int) string {
	if n <= len(sheetParts) {
		return sheetParts[n-1]
	}
	return "xl/worksheets/sheet" + strconv.Itoa(n) + ".xml"
}

// appendColName appends the letters of column col (from 1): A, Z, AA.
func appendColName(dst []byte, col int) []byte {
	var b [4]byte
	i := len(b)
	for col > 0 {
		col--
		i--
		b[i] = byte('A' + col%26)
		col /= 26
	}
	return append(dst, b[i:]...)
}

// cellName is the reference of column col, row row (from 1): "B7".
func cellName(col, row int) string {
	return string(strconv.AppendInt(appendColName(nil, col), int64(row), 10))
}

// Namespaces and content types of the parts.
const (
	nsMain     = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel      = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkgRel   = "http://schemas.openxmlformats.org/package/2006/relationships"
	xmlHeader  = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	ctSheet    = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
	relSheet   = nsRel + "/worksheet"
	pageMargin = `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`
)

// docProps are what docProps/core.xml tells of a workbook.
type docProps struct {
	title string
	date  time.Time // created and modified
}

// write writes the package. Entries are dated with the document's date
// so that the bytes depend only on the report. With reuse false every
// part is compressed afresh (the tests' reference for the parts taken
// from sameParts).
//
// Every part is deflated here (deflate.go) and handed to the zip
// already compressed, with the header CreateHeader would have made
// (headerLike): a part is gathered into one reused buffer and deflated
// once, with no compressor state between it and the zip.
func (b *wbook) write(props docProps, reuse bool) ([]byte, error) {
	d := b.d
	like, err := headerLike(props.date)
	if err != nil {
		return nil, err
	}
	// The zip is written by archive/zip through the deflater's buffered
	// writer: zip.NewWriter takes a *bufio.Writer of 4 KB as it is
	// instead of making one for each workbook.
	out := appendWriter{d.zip[:0]}
	if d.bw == nil {
		d.bw = bufio.NewWriterSize(nil, 4096)
	}
	d.bw.Reset(&out)
	zw := zip.NewWriter(d.bw)
	raw := func(name string, size int, crc uint32, deflated []byte) {
		if err != nil {
			return
		}
		fh := *like
		fh.Name = name
		fh.Extra = like.Extra[:len(like.Extra):len(like.Extra)]
		fh.CRC32 = crc
		fh.CompressedSize64 = uint64(len(deflated))
		fh.UncompressedSize64 = uint64(size)
		var w io.Writer
		if w, err = zw.CreateRaw(&fh); err == nil {
			_, err = w.Write(deflated)
		}
	}
	put := func(name string, data []byte) {
		d.out = d.deflate(d.out[:0], data)
		raw(name, len(data), crc32.ChecksumIEEE(data), d.out)
	}
	// putSame is put for a part that many workbooks share byte for
	// byte (the package's relationships, app.xml, the styles, the content
	// types and workbook relationships of a given number of sheets): its
	// deflate stream and CRC are made once and copied into each zip, whose
	// members are compressed independently.
	putSame := func(name string, data []byte) {
		if !reuse {
			put(name, data)
			return
		}
		c, ok := sameParts.get(d, data)
		if !ok {
			put(name, data)
			return
		}
		raw(name, len(data), c.crc, c.deflated)
	}
	// Each part is written into p, d's buffer, appended piece by piece,
	// and compressed from there; num appends a number.
	p := d.in[:0]
	num := func(i int) { p = strconv.AppendInt(p, int64(i), 10) }
	n := len(b.sheets)

	p = append(p[:0], xmlHeader+`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`+
		`<Default Extension="xml" ContentType="application/xml"/>`+
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`...)
	for i := range n {
		p = append(p, `<Override PartName="/xl/worksheets/sheet`...)
		num(i + 1)
		p = append(p, `.xml" ContentType="`+ctSheet+`"/>`...)
	}
	p = append(p, `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`+
		`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`+
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`+
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`+
		`</Types>`...)
	putSame("[Content_Types].xml", p)

	putSame("_rels/.rels", []byte(xmlHeader+`<Relationships xmlns="`+nsPkgRel+`">`+
		`<Relationship Id="rId1" Type="`+nsRel+`/officeDocument" Target="xl/workbook.xml"/>`+
		`<Relationship Id="rId2" Type="`+nsPkgRel+`/metadata/core-properties" Target="docProps/core.xml"/>`+
		`<Relationship Id="rId3" Type="`+nsRel+`/extended-properties" Target="docProps/app.xml"/>`+
		`</Relationships>`))

	p = append(p[:0], xmlHeader+`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`+
		`<dc:title>`...)
	p = appendEscaped(p, cleanText(props.title), false)
	p = append(p, `</dc:title><dc:creator>disclose</dc:creator><cp:lastModifiedBy>disclose</cp:lastModifiedBy><dc:language>zh-CN</dc:language>`+
		`<dcterms:created xsi:type="dcterms:W3CDTF">`...)
	date := props.date.UTC()
	p = date.AppendFormat(p, "2006-01-02T15:04:05Z")
	p = append(p, `</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">`...)
	p = date.AppendFormat(p, "2006-01-02T15:04:05Z")
	p = append(p, `</dcterms:modified></cp:coreProperties>`...)
	put("docProps/core.xml", p)

	putSame("docProps/app.xml", []byte(xmlHeader+`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">`+
		`<Application>disclose</Application></Properties>`))

	p = append(p[:0], xmlHeader+`<workbook xmlns="`+nsMain+`" xmlns:r="`+nsRel+`"><bookViews><workbookView/></bookViews><sheets>`...)
	for i, s := range b.sheets {
		p = append(p, `<sheet name="`...)
		p = appendEscaped(p, s.name, false)
		p = append(p, `" sheetId="`...)
		num(i + 1)
		p = append(p, `" r:id="rId`...)
		num(i + 1)
		p = append(p, `"/>`...)
	}
	p = append(p, `</sheets></workbook>`...)
	put("xl/workbook.xml", p)

	p = append(p[:0], xmlHeader+`<Relationships xmlns="`+nsPkgRel+`">`...)
	for i := range n {
		p = append(p, `<Relationship Id="rId`...)
		num(i + 1)
		p = append(p, `" Type="`+relSheet+`" Target="worksheets/sheet`...)
		num(i + 1)
		p = append(p, `.xml"/>`...)
	}
	p = append(p, `<Relationship Id="rId`...)
	num(n + 1)
	p = append(p, `" Type="`+nsRel+`/styles" Target="styles.xml"/>`+`<Relationship Id="rId`...)
	num(n + 2)
	p = append(p, `" Type="`+nsRel+`/sharedStrings" Target="sharedStrings.xml"/>`+
		`</Relationships>`...)
	putSame("xl/_rels/workbook.xml.rels", p)

	p = b.appendStyles(p[:0])
	putSame("xl/styles.xml", p)

	p = append(p[:0], xmlHeader+`<sst xmlns="`+nsMain+`" count="`...)
	num(b.strRefs)
	p = append(p, `" uniqueCount="`...)
	num(len(b.strs))
	p = append(p, `">`...)
	p = append(p, b.sst...)
	p = append(p, `</sst>`...)
	put("xl/sharedStrings.xml", p)

	for i, s := range b.sheets {
		s.endRow()
		p = append(p[:0], xmlHeader+`<worksheet xmlns="`+nsMain+`" xmlns:r="`+nsRel+`"><dimension ref="A1`...)
		if s.rows > 0 && s.maxCol > 0 {
			p = append(p, ":"...)
			p = appendColName(p, s.maxCol)
			num(s.rows)
		}
		p = append(p, `"/>`...)
		if i == 0 {
			p = append(p, `<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>`...)
		} else {
			p = append(p, `<sheetViews><sheetView workbookViewId="0"/></sheetViews>`...)
		}
		p = append(p, `<sheetFormatPr defaultRowHeight="15"/>`...)
		if len(s.cols) > 0 {
			p = append(p, "<cols>"...)
			p = append(p, s.cols...)
			p = append(p, "</cols>"...)
		}
		p = append(p, "<sheetData>"...)
		p = append(p, s.data...)
		p = append(p, "</sheetData>"...)
		if len(s.merges) > 0 {
			p = append(p, `<mergeCells count="`...)
			num(len(s.merges))
			p = append(p, `">`...)
			for _, m := range s.merges {
				p = append(p, `<mergeCell ref="`...)
				p = appendRange(p, m)
				p = append(p, `"/>`...)
			}
			p = append(p, "</mergeCells>"...)
		}
		p = append(p, pageMargin+"</worksheet>"...)
		put(sheetPart(i+1), p)
	}
	d.in = p[:0]
	if err == nil {
		err = zw.Close()
	}
	d.bw.Reset(nil)
	d.zip = out.b
	if err != nil {
		return nil, err
	}
	return out.b, nil // the deflater's: valid until it is put back
}

// appendWriter appends what is written to b.
type appendWriter struct{ b []byte }

func (w *appendWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

// sameParts are the deflated parts shared by many workbooks, by their
// bytes. A portal's workbooks differ in these parts only by their number
// of sheets and of amount formats: a few dozen entries of a few hundred
// bytes. maxSameParts bounds it all the same.
var sameParts = partCache{m: map[string]*deflatedPart{}}

const maxSameParts = 256

type deflatedPart struct {
	deflated []byte // the part as deflater.deflate writes it
	crc      uint32
}

type partCache struct {
	mu sync.Mutex
	m  map[string]*deflatedPart
}

// get returns data deflated, made with d on first use; false when the
// cache is full and data is not in it.
func (c *partCache) get(d *deflater, data []byte) (*deflatedPart, bool) {
	c.mu.Lock()
	p, ok := c.m[string(data)]
	full := len(c.m) >= maxSameParts
	c.mu.Unlock()
	if ok {
		return p, true
	}
	if full {
		return nil, false
	}
	p = &deflatedPart{deflated: d.deflate(nil, data), crc: crc32.ChecksumIEEE(data)}
	c.mu.Lock()
	if q, ok := c.m[string(data)]; ok {
		p = q // made by another worker meanwhile: keep one
	} else if len(c.m) < maxSameParts {
		c.m[string(data)] = p
	}
	c.mu.Unlock()
	return p, true
}

// headerLike is the header CreateHeader makes of a deflated part dated
// date, so that a part written raw has the header its compressed twin
// would have had: the flags and versions as archive/zip sets them (taken
// from it once), the MS-DOS date and time and the extended timestamp as
// it computes them (TestHeaderLike compares the zips). Asking
// archive/zip for each workbook cost a zip.Writer and its 4 KB buffer.
func headerLike(date time.Time) (*zip.FileHeader, error) {
	t, err := zipTemplate()
	if err != nil {
		return nil, err
	}
	fh := &zip.FileHeader{Method: zip.Deflate, Modified: date,
		Flags: t.Flags, CreatorVersion: t.CreatorVersion, ReaderVersion: t.ReaderVersion}
	fh.ModifiedDate = uint16(date.Day() + int(date.Month())<<5 + (date.Year()-1980)<<9)
	fh.ModifiedTime = uint16(date.Second()/2 + date.Minute()<<5 + date.Hour()<<11)
	mt := uint32(date.Unix())
	fh.Extra = []byte{0x55, 0x54, 5, 0, 1, byte(mt), byte(mt >> 8), byte(mt >> 16), byte(mt >> 24)}
	return fh, nil
}

// zipTemplate is CreateHeader's header of a part with an ASCII name (as
// all of a workbook's are), on a zip that is thrown away.
var zipTemplate = sync.OnceValues(func() (*zip.FileHeader, error) {
	zw := zip.NewWriter(io.Discard)
	zw.RegisterCompressor(zip.Deflate, func(io.Writer) (io.WriteCloser, error) { return nopCloser{}, nil })
	fh := &zip.FileHeader{Name: "x", Method: zip.Deflate, Modified: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := zw.CreateHeader(fh); err != nil {
		return nil, err
	}
	return fh, nil
})

type nopCloser struct{}

func (nopCloser) Write(p []byte) (int, error) { return len(p), nil }
func (nopCloser) Close() error                { return nil }

// styles writes xl/styles.xml: the default font and a bold one, a thin
// border on four sides, and the cell styles above.
func (b *wbook) appendStyles(s []byte) []byte {
	s = append(s, xmlHeader+`<styleSheet xmlns="`+nsMain+`">`...)
	if len(b.decs) > 0 {
		s = append(s, `<numFmts count="`...)
		s = strconv.AppendInt(s, int64(len(b.decs)), 10)
		s = append(s, `">`...)
		for i, d := range b.decs {
			s = append(s, `<numFmt numFmtId="`...)
			s = strconv.AppendInt(s, int64(164+i), 10)
			s = append(s, `" formatCode="`...)
			s = appendAmountFormat(s, d)
			s = append(s, `"/>`...)
		}
		s = append(s, `</numFmts>`...)
	}
	const border = `<left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>` +
		`<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/>`
	const align = `<alignment vertical="center" wrapText="1"/>`
	s = append(s, `<fonts count="2">`+
		`<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>`+
		`<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>`+
		`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>`+
		`<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border>`+border+`</border></borders>`+
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`+
		`<cellXfs count="`...)
	s = strconv.AppendInt(s, int64(styleBase+len(b.decs)), 10)
	s = append(s, `">`+
		`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`+
		`<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1">`+align+`</xf>`+
		`<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">`+align+`</xf>`...)
	for i := range b.decs {
		s = append(s, `<xf numFmtId="`...)
		s = strconv.AppendInt(s, int64(164+i), 10)
		s = append(s, `" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>`...)
	}
	s = append(s, `</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`...)
	return s
}

// appendAmountFormat appends a format that groups thousands and shows
// dec decimals: #,##0.00.
func appendAmountFormat(dst []byte, dec int) []byte {
	dst = append(dst, "#,##0"...)
	if dec > 0 {
		dst = append(dst, '.')
		for range dec {
			dst = append(dst, '0')
		}
	}
	return dst
}

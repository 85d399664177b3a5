// Package opendata writes the numbers of every report as files people and
// machines can take away: report.json (the whole model with derived
// values, described by a JSON Schema), CSV tables per report and joined
// over the site, a Fiscal Data Package descriptor of the joined tables,
// and each report's tables as a workbook in the forms' layout (package
// xlsx). All bytes depend only on the model: fixed field order, no
// timestamps.
package opendata

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/csvfile"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/internal/freelist"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/parallel"
	"github.com/disclose-portal/disclose/generator/permalink"
	"github.com/disclose-portal/disclose/generator/xlsx"
)

// ReportSchema is the JSON Schema of report.json (docs/report.schema.json
// is the same file; a test keeps them equal).
//
//go:embed report.schema.json
var ReportSchema []byte

// Paths of the files, relative to the site root.
const (
	DataDir     = "data"
	SchemaPath  = DataDir + "/schema/report.schema.json"
	PackagePath = DataDir + "/datapackage.json"
)

// ReportDir is the folder of a report's page and files.
func ReportDir(r *budget.Report) string { return permalink.ReportDir(r.Bureau.Slug, r.Year) }

// Write adds every open-data file of the site to files. diags are the
// problems found by the checks, listed in each report's "checks".
func Write(site *budget.Site, diags diag.List, files *output.FileSet) {
	WriteTables(site, WriteReports(site, diags, files), files)
}

// Rows are the reports' rows of the site-wide tables, already encoded:
// table (in TableNames order) → report (in site order) → CSV rows.
// Keeping the documents instead would hold a whole portal of reports in
// memory at once. CSV encodes row by row, so the joined rows are the
// bytes of encoding the whole table.
type Rows [][][]byte

// reportData is what one report contributes besides its files.
type reportData struct {
	checks diag.List
	rows   [][]byte // one per table
}

// WriteReports adds each report's report.json and CSV tables to files
// and returns the reports' rows of the site-wide tables.
func WriteReports(site *budget.Site, diags diag.List, files *output.FileSet) Rows {
	var reports []*budget.Report
	for _, b := range site.Bureaus {
		reports = append(reports, b.Reports...)
	}
	rows, _ := WriteReportsOf(reports, site.Config, diags, files)
	return rows
}

// Append adds the rows of more after those of rows.
func (rows Rows) Append(more Rows) Rows {
	if rows == nil {
		rows = make(Rows, len(TableNames))
	}
	for k := range rows {
		rows[k] = append(rows[k], more[k]...)
	}
	return rows
}

// WriteReportsOf is WriteReports for some reports of a site (a
// bureau's: a site is built a bureau at a time). The rows are in a
// buffer that the caller may give back for a later call's rows once it
// reads none of them any more (RowBuffer.Release); kept, they are its
// own.
func WriteReportsOf(reports []*budget.Report, cfg budget.Config, diags diag.List, files *output.FileSet) (Rows, *RowBuffer) {
	byFile := map[string][]diag.Diagnostic{}
	for _, d := range diags {
		byFile[d.File] = append(byFile[d.File], d)
	}
	made := make([]*reportData, len(reports))
	buf := getRowBuffer()
	buf.left = len(reports)
	// Reports are independent: build and encode them on every core.
	parallel.For(len(reports), func(i int) {
		r := reports[i]
		checks := append(append(diag.List{}, byFile[r.File]...), byFile[r.NarrativeFile]...)
		checks.Sort()
		made[i] = newReportData(r, cfg, checks, files, buf)
	})
	rows := make(Rows, len(TableNames))
	for k := range rows {
		rows[k] = make([][]byte, len(reports))
		for i, rd := range made {
			rows[k][i] = rd.rows[k]
		}
	}
	return rows, buf
}

// RowBuffer holds the rows of the site-wide tables of one call of
// WriteReportsOf. A build keeps a bureau's rows only until it has
// written them to the tables (TableFiles), and cloning them for each
// report was ~36 KB a report of garbage; once given back, the buffer
// takes the rows of a bureau rendered later.
type RowBuffer struct {
	mu   sync.Mutex
	buf  []byte
	left int  // reports whose rows are still to come
	back bool // given back: a second Release is none
}

// freeRowBuffers holds buffers given back, a few per core (bureaus
// rendered and not yet joined).
var freeRowBuffers = freelist.New[*RowBuffer](2)

func getRowBuffer() *RowBuffer {
	if b, ok := freeRowBuffers.Take(); ok {
		b.back = false
		return b
	}
	return new(RowBuffer)
}

// add copies a report's rows into the buffer and returns the copy. A
// full buffer is replaced, not grown: the rows copied before keep
// pointing into the old one, which is not written again. The new one
// has room for as many rows again for each report still to come, or is
// twice the old one (kept, it then fits the bureaus after).
func (b *RowBuffer) add(rows []byte) []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	left := max(b.left, 1)
	b.left--
	if cap(b.buf)-len(b.buf) < len(rows) {
		b.buf = make([]byte, 0, max(len(rows)*left, 2*cap(b.buf)))
	}
	at := len(b.buf)
	b.buf = append(b.buf, rows...)
	return b.buf[at:len(b.buf):len(b.buf)]
}

// Release gives the buffer back for the rows of a later call of
// WriteReportsOf: its caller must not read the rows it came with after
// (they are overwritten). A nil buffer, or a rare huge one, is let go;
// one given back already stays in the list once.
func (b *RowBuffer) Release() {
	if b == nil || b.back || cap(b.buf) > 16<<20 {
		return
	}
	b.back = true
	b.buf = b.buf[:0]
	freeRowBuffers.Give(b)
}

// tableHeads are the encoded header lines of the site-wide tables.
var tableHeads = sync.OnceValue(func() [][]byte {
	heads := make([][]byte, len(TableNames))
	for k, name := range TableNames {
		heads[k] = SiteTable(name, nil).CSV()
	}
	return heads
})

// TableHead is the header line that starts the site-wide table k of
// TableNames (its byte order mark and field names), before the rows
// joined after it in folder order: a build may splice a bureau's rows
// into the last build's table (package site).
func TableHead(k int) []byte { return tableHeads()[k] }

// newReportData adds the report's files to files, each from the buffer
// it was made in (a staged set writes it at once: no copy is kept), and
// returns its rows of the site-wide tables.
func newReportData(r *budget.Report, cfg budget.Config, checks diag.List, files *output.FileSet, rows *RowBuffer) *reportData {
	dw := getDoc()
	defer putDoc(dw) // its files are written and its rows encoded: nothing refers to it
	d := fillReportDoc(&dw.d, &dw.mk, r, cfg, checks, true)
	dir := ReportDir(r)
	rd := &reportData{checks: checks}
	file, site, row := getScratch(), getScratch(), getScratch()
	*file = MarshalReport((*file)[:0], d)
	files.AddBuffer(dir+"/report.json", *file)
	// Each row is made and encoded once, for the report's table and the
	// site-wide one both: a site-wide row is the encoded bureau, name
	// and year, then the same bytes (CSV encodes field by field).
	prefix := reportPrefix(d)
	// The site-wide rows of all tables are gathered in site and copied
	// into rows at once, each table's a slice of the copy.
	*site = (*site)[:0]
	var endsBuf [8]int
	ends := endsBuf[:0]
	for k, name := range TableNames {
		*file = append((*file)[:0], reportHeads()[k]...)
		eachRow(name, d, func(fields []string) {
			*row = csvfile.AppendRecord((*row)[:0], fields)
			*file = append(*file, *row...)
			*site = append(append(*site, prefix...), *row...)
		})
		files.AddBuffer(dir+"/"+name+".csv", *file)
		ends = append(ends, len(*site))
	}
	all := rows.add(*site)
	start := 0
	for _, end := range ends {
		rd.rows = append(rd.rows, all[start:end:end]) // full: appending to one moves it off the next
		start = end
	}
	putScratch(file, site, row)
	if HasWorkbook(r) {
		err := xlsx.WriteBuffer(r, func(data []byte) { files.AddBuffer(dir+"/"+xlsx.FileName, data) })
		if err != nil {
			panic(err) // the workbook's sheets and cells are named by xlsx itself
		}
	}
	return rd
}

// reportPrefix is the start of each of a report's rows in the site-wide
// tables: its bureau, bureau name and year, encoded, and a comma.
func reportPrefix(d *ReportDoc) []byte {
	p := csvfile.AppendRecord(nil, []string{d.Bureau.Slug, d.Bureau.Name, strconv.Itoa(d.Year)})
	return append(p[:len(p)-2], ',') // its CRLF ends no line here
}

// reportHeads are the encoded starts of a report's tables, in TableNames
// order: the byte order mark and the field names.
var reportHeads = sync.OnceValue(func() [][]byte {
	heads := make([][]byte, len(TableNames))
	for k, name := range TableNames {
		heads[k] = (&Table{Fields: fieldsOf(name)}).CSV()
	}
	return heads
})

// freeDocs holds report documents done with and what they pointed to,
// a few per core, which the next report fills (fillReportDoc); a
// sync.Pool lost most of them to a build's frequent collections.
var freeDocs = freelist.New[*docWork](2)

type docWork struct {
	d  ReportDoc
	mk maker
}

func getDoc() *docWork {
	if dw, ok := freeDocs.Take(); ok {
		return dw
	}
	return new(docWork)
}

// putDoc keeps dw for the next report, but not a rare huge one's.
func putDoc(dw *docWork) {
	dw.d.Narrative = "" // borrowed from its report
	n := 0
	for _, p := range dw.d.Projects[:cap(dw.d.Projects)] {
		n += cap(p.Indicators)
	}
	if n > 2000 || len(dw.mk.strs.chunks) > 100 {
		return
	}
	freeDocs.Give(dw)
}

// freeScratch holds buffers report.json and the CSV tables are written
// in, three a report: a staged site writes a file from it, a site held
// in memory takes a copy of exactly its size, where appending into a new
// slice allocated it again at every doubling (about three times its
// size). A channel, as for the documents (freeDocs): a build collects
// garbage every few reports, and a sync.Pool emptied at each collection
// had them grown again (~40 KB a report).
var freeScratch = freelist.New[*[]byte](3 * 2)

func getScratch() *[]byte {
	if p, ok := freeScratch.Take(); ok {
		return p
	}
	return new([]byte)
}

// putScratch keeps buffers for the next report, but not a rare huge one.
func putScratch(bufs ...*[]byte) {
	for _, p := range bufs {
		if cap(*p) > 4<<20 {
			continue
		}
		freeScratch.Give(p)
	}
}

// HasWorkbook reports whether a report's page offers its tables as a
// workbook (xlsx.FileName): where it has a table or a fund structure.
func HasWorkbook(r *budget.Report) bool { return r.ProjectCount() > 0 || r.Funds != nil }

// WriteTables adds the site-wide tables, joined from rows, the data
// package that describes them and the schema of report.json to files.
func WriteTables(site *budget.Site, rows Rows, files *output.FileSet) {
	heads := tableHeads()
	for k, name := range TableNames {
		files.Add(DataDir+"/"+name+".csv", bytes.Join(append([][]byte{heads[k]}, rows[k]...), nil))
	}
	writePackage(site, files)
}

// TableFiles gathers the rows of the site-wide tables in temporary files
// as a build makes them, for a build that must not hold every report's
// rows in memory (hundreds of megabytes for a national portal).
type TableFiles struct {
	dir string
	f   []*os.File
	w   []*bufio.Writer
	err error
}

// NewTableFiles starts the tables, each with its header line.
func NewTableFiles() (*TableFiles, error) {
	dir, err := os.MkdirTemp("", "disclose-tables-")
	if err != nil {
		return nil, err
	}
	t := &TableFiles{dir: dir}
	for k, name := range TableNames {
		f, err := os.Create(filepath.Join(dir, name+".csv"))
		if err != nil {
			t.Remove()
			return nil, err
		}
		t.f = append(t.f, f)
		t.w = append(t.w, bufio.NewWriterSize(f, 256<<10))
		t.w[k].Write(tableHeads()[k])
	}
	return t, nil
}

// Append adds rows after those appended before.
func (t *TableFiles) Append(rows Rows) {
	for k := range rows {
		for _, r := range rows[k] {
			if _, err := t.w[k].Write(r); err != nil && t.err == nil {
				t.err = err
			}
		}
	}
}

// Write adds the tables, the data package and the schema to files, a set
// staged on disk (it copies the tables at once; Remove may follow), but
// those that kept (nil: none) says the caller keeps as the last build
// made them.
func (t *TableFiles) Write(site *budget.Site, files *output.FileSet, kept func(p string) bool) error {
	for k := range TableNames {
		if err := t.w[k].Flush(); err != nil && t.err == nil {
			t.err = err
		}
		if err := t.f[k].Close(); err != nil && t.err == nil {
			t.err = err
		}
	}
	if t.err != nil {
		return t.err
	}
	if !files.Staged() {
		return errors.New("site-wide tables gathered on disk need a set staged on disk")
	}
	for _, name := range TableNames {
		if p := DataDir + "/" + name + ".csv"; kept == nil || !kept(p) {
			files.Copy(p, os.DirFS(t.dir), name+".csv")
		}
	}
	if kept == nil || !kept(PackagePath) || !kept(SchemaPath) {
		writePackage(site, files)
	}
	return nil
}

// Remove deletes the temporary files.
func (t *TableFiles) Remove() { os.RemoveAll(t.dir) }

// writePackage adds the data package that describes the site-wide tables
// and the schema of report.json to files.
func writePackage(site *budget.Site, files *output.FileSet) {
	yearSet := map[int]bool{}
	for _, b := range site.Bureaus {
		for _, r := range b.Reports {
			yearSet[r.Year] = true
		}
	}
	var tables []*Table
	for _, name := range TableNames {
		tables = append(tables, SiteTable(name, nil))
	}
	var years []int
	for y := range yearSet {
		years = append(years, y)
	}
	sort.Ints(years)
	files.Add(PackagePath, MarshalJSON(NewDataPackage(site.Config, tables, years), true))
	files.Add(SchemaPath, ReportSchema)
}

// MarshalJSON renders v as JSON with a final newline, indented or
// compact (report.json: indenting made it 1.8 times larger). Characters
// such as < and & stay as they are: the files are data, not HTML.
func MarshalJSON(v any, indent bool) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		panic(err) // only plain structs, strings and json.Numbers are encoded
	}
	return buf.Bytes()
}

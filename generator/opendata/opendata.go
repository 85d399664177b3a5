// Package opendata writes the numbers of every report as files people and
// machines can take away: report.json (the whole model with derived
// values, described by a JSON Schema), CSV tables per report and joined
// over the site, and a Fiscal Data Package descriptor of the joined
// tables. All bytes depend only on the model: fixed field order, no
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
	"reflect"
	"slices"
	"sort"
	"strconv"
	"sync"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/parallel"
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
func ReportDir(r *budget.Report) string { return r.Bureau.Slug + "/" + strconv.Itoa(r.Year) }

// Write adds every open-data file of the site to files. diags are the
// problems found by the checks, listed in each report's "checks".
func Write(site *budget.Site, diags diag.List, files *output.FileSet) {
	WriteTables(site, WriteReports(site, diags, files, nil), files)
}

// Rows are the reports' rows of the site-wide tables, already encoded:
// table (in TableNames order) → report (in site order) → CSV rows.
// Keeping the documents instead would hold a whole portal of reports in
// memory at once. CSV encodes row by row, so the joined rows are the
// bytes of encoding the whole table.
type Rows [][][]byte

// Cache keeps each report's files and rows for the next build of the
// same source (serve's rebuilds): a report is the same object when its
// bureau was not read again (load.Cache), and its files depend only on
// it, the site's configuration and its checks.
type Cache struct {
	mu      sync.Mutex
	cfg     budget.Config
	reports map[*budget.Report]*reportData
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{reports: map[*budget.Report]*reportData{}} }

// reportData is what one report contributes.
type reportData struct {
	checks diag.List
	files  []namedFile
	rows   [][]byte // one per table
}

type namedFile struct {
	path string
	data []byte
}

// WriteReports adds each report's report.json and CSV tables to files
// and returns the reports' rows of the site-wide tables. cache, when not
// nil, gives the files of reports that did not change since its last use.
func WriteReports(site *budget.Site, diags diag.List, files *output.FileSet, cache *Cache) Rows {
	var reports []*budget.Report
	for _, b := range site.Bureaus {
		reports = append(reports, b.Reports...)
	}
	return writeReports(reports, site.Config, diags, files, cache)
}

// WriteReportsOf is WriteReports for some reports of a site (a bureau's,
// when a site is built a bureau at a time), without a cache.
func WriteReportsOf(reports []*budget.Report, cfg budget.Config, diags diag.List, files *output.FileSet) Rows {
	return writeReports(reports, cfg, diags, files, nil)
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

func writeReports(reports []*budget.Report, cfg budget.Config, diags diag.List, files *output.FileSet, cache *Cache) Rows {
	byFile := map[string][]diag.Diagnostic{}
	for _, d := range diags {
		byFile[d.File] = append(byFile[d.File], d)
	}
	var old map[*budget.Report]*reportData
	if cache != nil {
		cache.mu.Lock()
		if sameConfig(cache.cfg, cfg) {
			old = cache.reports
		}
		cache.mu.Unlock()
	}
	made := make([]*reportData, len(reports))
	// Reports are independent: build and encode them on every core.
	parallel.For(len(reports), func(i int) {
		r := reports[i]
		checks := append(append(diag.List{}, byFile[r.File]...), byFile[r.NarrativeFile]...)
		checks.Sort()
		rd := old[r]
		if rd == nil || !slices.EqualFunc(rd.checks, checks, diag.Diagnostic.Equal) {
			rd = newReportData(r, cfg, checks)
		}
		for _, f := range rd.files {
			files.Add(f.path, f.data) // the same bytes again do not count as a change (FileSet.Touched)
		}
		made[i] = rd
	})
	rows := make(Rows, len(TableNames))
	for k := range rows {
		rows[k] = make([][]byte, len(reports))
		for i, rd := range made {
			rows[k][i] = rd.rows[k]
		}
	}
	if cache != nil {
		kept := make(map[*budget.Report]*reportData, len(reports))
		for i, r := range reports {
			kept[r] = made[i]
		}
		cache.mu.Lock()
		cache.cfg, cache.reports = cfg, kept
		cache.mu.Unlock()
	}
	return rows
}

// sameConfig compares configurations by their values, not by where in
// site.toml they were read.
func sameConfig(a, b budget.Config) bool {
	a.Origin, b.Origin = budget.Origin{}, budget.Origin{}
	return reflect.DeepEqual(a, b)
}

// tableHeads are the encoded header lines of the site-wide tables.
var tableHeads = sync.OnceValue(func() [][]byte {
	heads := make([][]byte, len(TableNames))
	for k, name := range TableNames {
		heads[k] = SiteTable(name, nil).CSV()
	}
	return heads
})

func newReportData(r *budget.Report, cfg budget.Config, checks diag.List) *reportData {
	d := NewReportDoc(r, cfg, checks)
	dir := ReportDir(r)
	rd := &reportData{checks: checks}
	rd.files = append(rd.files, namedFile{dir + "/report.json", MarshalJSON(d, false)})
	for _, t := range ReportTables(d) {
		rd.files = append(rd.files, namedFile{dir + "/" + t.Name + ".csv", t.CSV()})
	}
	heads := tableHeads()
	for k, name := range TableNames {
		rd.rows = append(rd.rows, bytes.TrimPrefix(SiteTable(name, []*ReportDoc{d}).CSV(), heads[k]))
	}
	return rd
}

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
// staged on disk (it copies the tables at once; Remove may follow).
func (t *TableFiles) Write(site *budget.Site, files *output.FileSet) error {
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
		files.Copy(DataDir+"/"+name+".csv", os.DirFS(t.dir), name+".csv")
	}
	writePackage(site, files)
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

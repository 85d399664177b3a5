// Package opendata writes the numbers of every report as files people and
// machines can take away: report.json (the whole model with derived
// values, described by a JSON Schema), CSV tables per report and joined
// over the site, and a Fiscal Data Package descriptor of the joined
// tables. All bytes depend only on the model: fixed field order, no
// timestamps.
package opendata

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"sort"
	"strconv"

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
	byFile := map[string][]diag.Diagnostic{}
	for _, d := range diags {
		byFile[d.File] = append(byFile[d.File], d)
	}
	var reports []*budget.Report
	yearSet := map[int]bool{}
	for _, b := range site.Bureaus {
		for _, r := range b.Reports {
			reports = append(reports, r)
			yearSet[r.Year] = true
		}
	}
	// Reports are independent: build and encode them on every core. Of
	// each report only its rows of the site-wide tables are kept, already
	// encoded: keeping the documents would hold a whole portal of reports
	// in memory at once. CSV encodes row by row, so the joined rows are
	// the bytes of encoding the whole table.
	heads := make([][]byte, len(TableNames))
	for k, name := range TableNames {
		heads[k] = SiteTable(name, nil).CSV()
	}
	rows := make([][][]byte, len(TableNames)) // table → report → encoded rows
	for k := range rows {
		rows[k] = make([][]byte, len(reports))
	}
	parallel.For(len(reports), func(i int) {
		r := reports[i]
		checks := append(append(diag.List{}, byFile[r.File]...), byFile[r.NarrativeFile]...)
		checks.Sort()
		d := NewReportDoc(r, site.Config, checks)
		dir := ReportDir(r)
		files.Add(dir+"/report.json", MarshalJSON(d, false))
		for _, t := range ReportTables(d) {
			files.Add(dir+"/"+t.Name+".csv", t.CSV())
		}
		for k, name := range TableNames {
			rows[k][i] = bytes.TrimPrefix(SiteTable(name, []*ReportDoc{d}).CSV(), heads[k])
		}
	})
	var tables []*Table
	for k, name := range TableNames {
		t := SiteTable(name, nil)
		tables = append(tables, t)
		files.Add(DataDir+"/"+name+".csv", bytes.Join(append([][]byte{heads[k]}, rows[k]...), nil))
		rows[k] = nil
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

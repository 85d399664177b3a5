package xlsx

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"github.com/disclose-portal/disclose/generator/i18n"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/xuri/excelize/v2"
)

// LibreOffice opens the workbooks of the corpus reports as excelize does:
// every cell the same, numbers as numbers (an amount shown with its
// decimals), and a copy LibreOffice saves again imports to the same
// report. It needs soffice (apt-get install libreoffice-calc-nogui) and
// takes a few seconds, so it runs only with XLSX_LIBREOFFICE=1:
//
//	XLSX_LIBREOFFICE=1 go test ./generator/xlsx -run LibreOffice -v
func TestLibreOffice(t *testing.T) {
	if os.Getenv("XLSX_LIBREOFFICE") == "" {
		t.Skip("set XLSX_LIBREOFFICE=1 to open the workbooks in LibreOffice")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("XLSX_LIBREOFFICE is set but soffice is not installed")
	}
	dir := t.TempDir()
	reports := corpus(t)
	var files []string
	for i, r := range reports {
		data, err := Write(r)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Join(dir, fmt.Sprintf("r%02d.xlsx", i))
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, name)
	}
	// CSV of every sheet (the last option, -1), once as stored and once
	// as shown (the option before "false,false,-1"), and an .xlsx saved
	// by LibreOffice.
	convert := func(out, filter string) {
		args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"),
			"--headless", "--convert-to", filter, "--outdir", filepath.Join(dir, out)}, files...)
		if b, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v\n%s", err, b)
		}
	}
	convert("stored", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
	convert("shown", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1")
	convert("resaved", "xlsx:Calc MS Excel 2007 XML")

	cells, numbers, amounts := 0, 0, 0
	for i, name := range files {
		f, err := excelize.OpenFile(name)
		if err != nil {
			t.Fatal(err)
		}
		base := strings.TrimSuffix(filepath.Base(name), ".xlsx")
		for _, sh := range f.GetSheetList() {
			rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			stored := readCSV(t, filepath.Join(dir, "stored", base+"-"+sh+".csv"))
			shown := readCSV(t, filepath.Join(dir, "shown", base+"-"+sh+".csv"))
			for r := range max(len(rows), len(stored)) {
				for c := range max(cellsIn(rows, r), cellsIn(stored, r)) {
					ref := cellName(c+1, r+1)
					want, got := cellAt(rows, r, c), cellAt(stored, r, c)
					if want == "" && got == "" {
						continue
					}
					cells++
					typ, _ := f.GetCellType(sh, ref)
					if typ != excelize.CellTypeUnset || want == "" {
						if got != want {
							t.Errorf("%s %s!%s: LibreOffice reads %q, excelize %q", reports[i].Bureau.Slug, sh, ref, got, want)
						}
						continue
					}
					// A number: LibreOffice writes it without the stored
					// trailing zeros, and as its format shows it.
					numbers++
					a, ok1 := new(big.Rat).SetString(want)
					b, ok2 := new(big.Rat).SetString(got)
					if !ok1 || !ok2 || a.Cmp(b) != 0 {
						t.Errorf("%s %s!%s: LibreOffice reads %q, excelize %q", reports[i].Bureau.Slug, sh, ref, got, want)
					}
					st, _ := f.GetCellStyle(sh, ref)
					if style, _ := f.GetStyle(st); style != nil && style.CustomNumFmt != nil {
						amounts++
						if s := strings.ReplaceAll(cellAt(shown, r, c), ",", ""); s != want {
							t.Errorf("%s %s!%s: %s is shown as %q", reports[i].Bureau.Slug, sh, ref, want, cellAt(shown, r, c))
						}
					}
				}
			}
		}
		f.Close()

		data, err := os.ReadFile(filepath.Join(dir, "resaved", base+".xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		r := reports[i]
		d, err := Read(bytes.NewReader(data), FileName, budget.Units[0])
		if err != nil {
			t.Fatal(err)
		}
		s, diags := load.Site(fstest.MapFS{
			"content/site.toml":              {Data: []byte("title = \"t\"\nunit = \"元\"\n")},
			"content/b/bureau.toml":          {Data: []byte("name = \"b\"\n")},
			"content/b/" + year(r) + ".toml": {Data: d.TOML(r.Year, i18n.Zh)},
		})
		if diags.Errors() > 0 {
			t.Fatalf("%s: %v", r.Bureau.Slug, diags)
		}
		if a, b := describe(r), describe(s.Bureaus[0].Reports[0]); a != b {
			t.Errorf("%s: saved again by LibreOffice, the workbook imports differently:\n%s\n---\n%s", r.Bureau.Slug, a, b)
		}
	}
	if numbers == 0 || amounts == 0 {
		t.Fatalf("%d cells, %d numbers, %d amounts: the CSV did not come through", cells, numbers, amounts)
	}
	t.Logf("%d workbooks: %d cells, %d numbers of which %d amounts, the same in LibreOffice", len(files), cells, numbers, amounts)
}

func cellsIn(rows [][]string, r int) int {
	if r < len(rows) {
		return len(rows[r])
	}
	return 0
}

func cellAt(rows [][]string, r, c int) string {
	if r < len(rows) && c < len(rows[r]) {
		return strings.TrimSpace(rows[r][c])
	}
	return ""
}

func readCSV(t *testing.T, name string) [][]string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	rd := csv.NewReader(bytes.NewReader(data))
	rd.FieldsPerRecord = -1
	rows, err := rd.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return rows
}

package main

import (
	"os"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/xuri/excelize/v2"
)

// scriptCmds are extra commands for the scripts.
var scriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"touchr":  cmdTouchR,
	"mkxlsx":  cmdMkxlsx,
	"replace": cmdReplace,
}

// cmdTouchR sets a file's access and modification times to another's, as
// `touch -r REF FILE` (and cp -p, rsync -t, tar x) do: touchr REF FILE.
func cmdTouchR(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: touchr REF FILE")
	}
	info, err := os.Stat(ts.MkAbs(args[0]))
	ts.Check(err)
	ts.Check(os.Chtimes(ts.MkAbs(args[1]), info.ModTime(), info.ModTime()))
}

// cmdMkxlsx writes a workbook from a text description, so that a script
// can hold a clerk's 自评表 in readable form: mkxlsx SPEC OUT.xlsx.
//
//	sheet 项目1            a new sheet
//	项目名称 | 食品安全抽检    a row, cells separated by |
//	merge B3:H3            a merged range of the current sheet
//
// A cell that is a plain number is stored as a number; 'text keeps a
// number as text; %0.9861 is a number shown as a percentage.
func cmdMkxlsx(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mkxlsx SPEC OUT.xlsx")
	}
	f := excelize.NewFile()
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 10})
	ts.Check(err)
	sheet, row := "", 0
	for _, line := range strings.Split(ts.ReadFile(args[0]), "\n") {
		switch {
		case strings.HasPrefix(line, "sheet "):
			name := strings.TrimSpace(strings.TrimPrefix(line, "sheet "))
			if sheet == "" {
				ts.Check(f.SetSheetName("Sheet1", name))
			} else {
				_, err := f.NewSheet(name)
				ts.Check(err)
			}
			sheet, row = name, 0
		case strings.HasPrefix(line, "merge "):
			a, z, _ := strings.Cut(strings.TrimSpace(strings.TrimPrefix(line, "merge ")), ":")
			ts.Check(f.MergeCell(sheet, a, z))
		default:
			if sheet == "" {
				continue
			}
			row++
			if strings.TrimSpace(line) == "" {
				continue
			}
			for c, v := range strings.Split(line, "|") {
				v = strings.TrimSpace(v)
				ref, _ := excelize.CoordinatesToCellName(c+1, row)
				_, numErr := strconv.ParseFloat(strings.TrimPrefix(v, "%"), 64)
				switch {
				case v == "":
				case strings.HasPrefix(v, "'"):
					ts.Check(f.SetCellStr(sheet, ref, v[1:]))
				case strings.HasPrefix(v, "%") && numErr == nil:
					ts.Check(f.SetCellDefault(sheet, ref, v[1:]))
					ts.Check(f.SetCellStyle(sheet, ref, ref, pct))
				case numErr == nil:
					ts.Check(f.SetCellDefault(sheet, ref, v))
				default:
					ts.Check(f.SetCellStr(sheet, ref, strings.ReplaceAll(v, `\n`, "\n")))
				}
			}
		}
	}
	ts.Check(f.SaveAs(ts.MkAbs(args[1])))
}

// cmdReplace edits a file as an editor would: replace OLD NEW FILE
// replaces every OLD with NEW.
func cmdReplace(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: replace OLD NEW FILE")
	}
	data := ts.ReadFile(args[2])
	if !strings.Contains(data, args[0]) {
		ts.Fatalf("%s does not contain %q", args[2], args[0])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[2]), []byte(strings.ReplaceAll(data, args[0], args[1])), 0o644))
}

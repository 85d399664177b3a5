package xlsx

import (
	"math/big"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Limits on what is read of a sheet: a 自评表 is a page or two, and a
// workbook from anywhere (or a fuzzer) must not make the grid huge through
// a merged range of a million rows.
const (
	maxRows = 5000
	maxCols = 200
)

// cell is one cell of a sheet as the importer sees it. A merged range
// gives every cell it covers the value and reference of its top-left
// cell, so that a label merged down several rows (项目资金, 产出指标)
// stands beside each of them.
type cell struct {
	text   string // trimmed; for numbers the stored decimal, without float rounding
	num    bool   // stored as a number (not as text)
	pct    bool   // a number shown with a percentage format (0.9861 → 98.61%)
	pctDec int    // the decimals that format shows
	ref    string // the cell holding the value: "F7"
}

// grid is one sheet.
type grid struct {
	sheet string
	rows  [][]cell
}

// at returns the cell at row r, column c (both from 0), or an empty one.
func (g *grid) at(r, c int) cell {
	if r < 0 || r >= len(g.rows) || c < 0 || c >= len(g.rows[r]) {
		return cell{}
	}
	return g.rows[r][c]
}

// readGrid reads a sheet with merged ranges filled in.
func readGrid(f *excelize.File, sheet string) (*grid, error) {
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	if len(rows) > maxRows {
		rows = rows[:maxRows]
	}
	g := &grid{sheet: sheet}
	width := 0
	pctStyle := map[int]int{} // style → decimals of its percentage format, -1: none
	for r, row := range rows {
		if len(row) > maxCols {
			row = row[:maxCols]
		}
		if len(row) > width {
			width = len(row)
		}
		cells := make([]cell, len(row))
		for c, v := range row {
			v = strings.TrimSpace(v)
			if v == "" {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			cl := cell{text: v, ref: ref}
			if t, err := f.GetCellType(sheet, ref); err == nil && (t == excelize.CellTypeUnset || t == excelize.CellTypeNumber) {
				if n, ok := cleanNumber(v); ok {
					cl.text, cl.num = n, true
					if st, err := f.GetCellStyle(sheet, ref); err == nil && st > 0 {
						dec, seen := pctStyle[st]
						if !seen {
							dec = percentDecimals(f, st)
							pctStyle[st] = dec
						}
						cl.pct, cl.pctDec = dec >= 0, dec
					}
				}
			}
			cells[c] = cl
		}
		g.rows = append(g.rows, cells)
	}
	merges, err := f.GetMergeCells(sheet, true)
	if err != nil {
		return nil, err
	}
	for _, m := range merges {
		c0, r0, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c1, r1, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || r0 > len(g.rows) || c0 > width {
			continue
		}
		origin := g.at(r0-1, c0-1)
		if origin.text == "" {
			continue
		}
		// Fill only within the cells the sheet has: a range reaching far
		// beyond them adds nothing to read.
		r1, c1 = min(r1, len(g.rows)), min(c1, width)
		for r := r0 - 1; r < r1; r++ {
			for c := c0 - 1; c < c1; c++ {
				for len(g.rows[r]) <= c {
					g.rows[r] = append(g.rows[r], cell{})
				}
				if g.rows[r][c].text == "" {
					g.rows[r][c] = origin
				}
			}
		}
	}
	return g, nil
}

// percentDecimals tells whether a cell style shows numbers as
// percentages (built-in formats 9 and 10, or a custom one with %), and
// with how many decimals; -1 when it does not.
func percentDecimals(f *excelize.File, idx int) int {
	st, err := f.GetStyle(idx)
	if err != nil || st == nil {
		return -1
	}
	switch st.NumFmt {
	case 9:
		return 0
	case 10:
		return 2
	}
	if st.CustomNumFmt == nil {
		return -1
	}
	code := strings.ReplaceAll(*st.CustomNumFmt, `"%"`, "")
	code, _, _ = strings.Cut(code, ";")
	i := strings.Index(code, "%")
	if i < 0 {
		return -1
	}
	_, frac, ok := strings.Cut(code[:i], ".")
	if !ok {
		return 0
	}
	return strings.Count(frac, "0")
}

// cleanNumber returns a stored number as a plain decimal. Excel keeps at
// most 15 significant digits; a value written by a program through a
// binary float may carry more (0.98609999999999998): it is rounded, as a
// decimal string, to the 15 digits Excel shows. Exponents (1E-3) are
// written out. ok is false for anything that is not a number.
func cleanNumber(s string) (string, bool) {
	if s == "" || len(s) > 40 {
		return "", false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r == '.' || r == '-' || r == '+' || r == 'e' || r == 'E') {
			return "", false
		}
	}
	if e := strings.IndexAny(s, "eE"); e >= 0 {
		// Spreadsheets write exponents for very small or large numbers
		// only; a huge exponent would make a huge number.
		exp := strings.TrimLeft(s[e+1:], "+-")
		if len(exp) == 0 || len(exp) > 2 {
			return "", false
		}
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return "", false
	}
	if e := strings.IndexAny(s, "eE"); e < 0 && significant(s) <= 15 {
		return trimDecimal(s), true
	}
	return roundSignificant(r, 15), true
}

// significant counts the significant digits of a plain decimal.
func significant(s string) int {
	s = strings.TrimLeft(strings.TrimLeft(s, "+-"), "0.")
	s = strings.ReplaceAll(s, ".", "")
	return len(strings.TrimRight(s, "0"))
}

// trimDecimal drops a sign +, trailing zeros after the point and a final
// point: "120.50" → "120.5", "0.00" → "0".
func trimDecimal(s string) string {
	s = strings.TrimPrefix(s, "+")
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}

// roundSignificant renders r with at most n significant digits, exactly
// in decimal arithmetic.
func roundSignificant(r *big.Rat, n int) string {
	if r.Sign() == 0 {
		return "0"
	}
	// Decimal places needed: n minus the digits before the point.
	abs := new(big.Rat).Abs(r)
	intDigits := len(new(big.Int).Quo(abs.Num(), abs.Denom()).String())
	if abs.Cmp(big.NewRat(1, 1)) < 0 {
		// 0.000123: count the zeros after the point.
		intDigits = 0
		x := new(big.Rat).Set(abs)
		for x.Cmp(big.NewRat(1, 10)) < 0 && intDigits > -400 {
			x.Mul(x, big.NewRat(10, 1))
			intDigits--
		}
	}
	places := n - intDigits
	if places < 0 {
		places = 0
	}
	if places > 400 {
		places = 400
	}
	return trimDecimal(r.FloatString(places))
}

package charts

import (
	"encoding/json"
	"math/big"
	"strings"
	"unsafe"

	"github.com/disclose-portal/disclose/generator/budget"
)

// A chart draws only figures a report printed or that were computed from
// printed ones; an absent figure is no bar (and 未公开 in the table), a
// computed one is marked （算） in the table and the description.

// absentText is what a table cell says for a figure the report did not
// print, as on the pages.
const absentText = "未公开"

// amountValue is an amount's bar value, its text and its table cell.
func amountValue(a *budget.Amount, u budget.Unit) (json.Number, string, Cell) {
	if a == nil {
		return noValue, absentText, num(absentText, "")
	}
	cell := amountCell(*a, u) // money(*a, u) is its CSV text
	return json.Number(cell.csv()), cell.Text(), cell
}

// amountCell is an amount's table cell: a.Format(u) shown, a.Decimal(u)
// in the CSV. Format's text is Decimal's with thousands separators, so
// both are written from Decimal's into the one string a cell points to
// (as many allocations as Format and Decimal, not one more for the
// cell).
func amountCell(a budget.Amount, u budget.Unit) Cell {
	dec := a.Decimal(u)
	digits := strings.TrimPrefix(dec, "-")
	whole, _, _ := strings.Cut(digits, ".")
	if len(whole) <= 3 {
		return num(dec, dec) // nothing to group: one text
	}
	buf := make([]byte, 0, 2*len(dec)+len(whole)/3)
	buf = append(buf, dec[:len(dec)-len(digits)]...) // the sign
	head := len(whole) % 3
	if head == 0 {
		head = 3
	}
	buf = append(buf, whole[:head]...)
	for i := head; i < len(whole); i += 3 {
		buf = append(append(buf, ','), whole[i:i+3]...)
	}
	buf = append(buf, digits[len(whole):]...)
	n := len(buf)
	buf = append(buf, dec...)
	both := unsafe.String(unsafe.SliceData(buf), len(buf)) // buf is not written after
	return Cell{p: unsafe.StringData(both), n: uint32(n), rawN: uint32(len(dec))<<1 | 1}
}

// shownRate is a rate as pages show it: as printed, else as computed
// from printed amounts (marked), else absent.
func shownRate(published *budget.Percent, computed budget.Ratio, ok bool) (value json.Number, text string) {
	switch {
	case published != nil:
		return json.Number(published.Value.FloatString(max(published.Decimals, 0))), published.String()
	case ok:
		if !computed.Defined() {
			return noValue, computed.Percent() + "（算）"
		}
		shown := computed.Percent()
		return percentValue(shown), shown + "（算）"
	}
	return noValue, absentText
}

// rateBelow reports whether a shown rate is below p percent.
func rateBelow(published *budget.Percent, computed budget.Ratio, ok bool, p int64) bool {
	switch {
	case published != nil:
		return published.Value.Cmp(big.NewRat(p, 1)) < 0
	case ok:
		return computed.Below(p)
	}
	return false
}

// projectRates are a project's execution and receipt rates as shown.
func projectRates(p *budget.Project) (ev json.Number, et string, rv json.Number, rt string) {
	r, ok := p.ComputedExecutionRate()
	ev, et = shownRate(p.ExecutionRate, r, ok)
	q, ok := p.ComputedReceiptRate()
	rv, rt = shownRate(p.ReceiptRate, q, ok)
	return
}

// statedRates are a report's execution and receipt rates as shown.
func statedRates(s budget.Stated) (ev json.Number, et string, rv json.Number, rt string) {
	r, ok := s.ComputedExecutionRate()
	ev, et = shownRate(s.ExecutionRate, r, ok)
	q, ok := s.ComputedReceiptRate()
	rv, rt = shownRate(s.ReceiptRate, q, ok)
	return
}

// hasRate reports whether a report shows an execution rate at all.
func hasRate(s budget.Stated) bool {
	_, ok := s.ShownExecutionRate()
	return ok
}

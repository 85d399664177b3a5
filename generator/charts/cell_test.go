package charts

import (
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/disclose-portal/disclose/generator/budget"
)

// A cell is a pointer and two lengths: 16 bytes, not the 40 of two
// strings and a flag (a report's tables hold hundreds).
func TestCellSize(t *testing.T) {
	if n := unsafe.Sizeof(Cell{}); n != 16 {
		t.Errorf("a cell is %d bytes, want 16", n)
	}
}

// A cell gives back the texts it was made of; a raw text equal to the
// shown one is kept once (the CSV has it all the same).
func TestCellTexts(t *testing.T) {
	for _, c := range []struct {
		cell           Cell
		text, raw, csv string
		num            bool
	}{
		{Cell{}, "", "", "", false},
		{TextCell(""), "", "", "", false},
		{TextCell("三级指标"), "三级指标", "", "三级指标", false},
		{NumCell("", ""), "", "", "", true},
		{NumCell("—", ""), "—", "", "—", true},
		{NumCell("12.00", "12.00"), "12.00", "", "12.00", true},
		{NumCell("1,898.13", "1898.13"), "1,898.13", "1898.13", "1898.13", true},
		{NumCell("", "7"), "", "7", "7", true},
		{NumCell("+2.63%", "2.63"), "+2.63%", "2.63", "2.63", true},
	} {
		if got := c.cell; got.Text() != c.text || got.Raw() != c.raw || got.csv() != c.csv || got.Num() != c.num {
			t.Errorf("cell %q %q %q %t, want %q %q %q %t", got.Text(), got.Raw(), got.csv(), got.Num(), c.text, c.raw, c.csv, c.num)
		}
	}
}

// amountCell shows Format's text and puts Decimal's in the CSV, for
// every unit, signs, and amounts around each thousands separator; in
// three allocations at most (Format and Decimal with a cell of their
// own took six).
func TestAmountCell(t *testing.T) {
	amounts := []int64{0, 1, -1, 99, 100, 999, 1000, -1000, 99999, 100000, 999999, 1000000, 123456789, -987654321, math.MaxInt64, math.MinInt64 + 1}
	for p := int64(1); p < 1e17; p *= 10 {
		amounts = append(amounts, p-1, p, p+1, -p, 1000*p-1)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		amounts = append(amounts, r.Int64N(1<<50)-1<<49)
	}
	for _, u := range budget.Units {
		for _, v := range amounts {
			a := budget.Amount(v)
			c := amountCell(a, u)
			if c.Text() != a.Format(u) || c.csv() != a.Decimal(u) || !c.Num() {
				t.Fatalf("%d in %s: %q %q, want %q %q", v, u.Name, c.Text(), c.csv(), a.Format(u), a.Decimal(u))
			}
		}
	}
	big := budget.Amount(123456789012)
	if n := testing.AllocsPerRun(100, func() { amountCell(big, budget.Units[0]) }); n > 3 {
		t.Errorf("an amount's cell took %.0f allocations, want at most 3", n)
	}
}

package budget

import (
	"fmt"
	"testing"

	"github.com/disclose-portal/disclose/generator/diag"
)

// DropDetail lets go of the positions of keys: they are for problems, all
// found by the time it is called, and at portal scale they add up.
func TestDropDetailDropsPositions(t *testing.T) {
	o := Origin{File: "x.toml", Self: diag.Pos{Line: 1}, Keys: []KeyPos{{"a", diag.Pos{Line: 2}}}}
	item := &FundItem{Origin: o, Name: "item"}
	r := &Report{Origin: o,
		Funds:    &Funds{Origin: o, Sources: []*FundSource{{Origin: o, Items: []*FundItem{item}}}},
		Staff:    &Staff{Origin: o},
		Projects: []*Project{{Origin: o, Funds: []ProjectFund{{Origin: o}}, Indicators: []*Indicator{{Origin: o}}}},
	}
	r.DropDetail()
	origins := []Origin{r.Origin, r.Funds.Origin, r.Funds.Sources[0].Origin, item.Origin, r.Staff.Origin, r.Projects[0].Origin, r.Projects[0].Funds[0].Origin}
	for i, o := range origins {
		if o.Keys != nil {
			t.Errorf("origin %d still holds the positions of its keys", i)
		}
		if o.File == "" {
			t.Errorf("origin %d lost its file", i)
		}
	}
	if r.Projects[0].Indicators != nil {
		t.Error("indicators kept")
	}
}

func TestOriginPos(t *testing.T) {
	o := Origin{File: "x.toml", Self: diag.Pos{Line: 3, Col: 1}, Keys: []KeyPos{
		{"executed", diag.Pos{Line: 5, Col: 1}}, {"name", diag.Pos{Line: 4, Col: 1}}}}
	// Keys are kept in key order; Pos finds each, and falls back to the
	// object for a key that is not written.
	for key, want := range map[string]int{"executed": 5, "name": 4, "adjusted": 3, "": 3} {
		if got := o.Pos(key); got.Line != want {
			t.Errorf("Pos(%q) = line %d, want %d", key, got.Line, want)
		}
	}
}

// Date.String writes what fmt's "%04d-%02d-%02d" writes, in the range
// written by hand, at its edges and outside it.
func TestDateString(t *testing.T) {
	values := []int{-10000, -1, 0, 1, 9, 10, 12, 31, 99, 100, 999, 1000, 2024, 9999, 10000, 123456}
	for _, y := range values {
		for _, m := range values {
			for _, d := range []int{-1, 0, 1, 9, 10, 30, 99, 100} {
				date := Date{Year: y, Month: m, Day: d}
				if got, want := date.String(), fmt.Sprintf("%04d-%02d-%02d", y, m, d); got != want {
					t.Errorf("%+v: %q, want %q", date, got, want)
				}
			}
		}
	}
}

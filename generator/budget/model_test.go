package budget

import (
	"testing"

	"github.com/disclose-portal/disclose/generator/diag"
)

// DropDetail lets go of every position callback: each one keeps its
// file's decode state alive, which at portal scale was tens of MiB.
func TestDropDetailDropsPositions(t *testing.T) {
	at := func(keys ...string) diag.Pos { return diag.Pos{Line: 1} }
	o := Origin{File: "x.toml", At: at}
	item := &FundItem{Origin: o, Name: "item"}
	r := &Report{Origin: o,
		Funds:    &Funds{Origin: o, Sources: []*FundSource{{Origin: o, Items: []*FundItem{item}}}},
		Staff:    &Staff{Origin: o},
		Projects: []*Project{{Origin: o, Funds: []ProjectFund{{Origin: o}}, Indicators: []*Indicator{{Origin: o}}}},
	}
	r.DropDetail()
	origins := []Origin{r.Origin, r.Funds.Origin, r.Funds.Sources[0].Origin, item.Origin, r.Staff.Origin, r.Projects[0].Origin, r.Projects[0].Funds[0].Origin}
	for i, o := range origins {
		if o.At != nil {
			t.Errorf("origin %d still holds its position callback", i)
		}
		if o.File == "" {
			t.Errorf("origin %d lost its file", i)
		}
	}
	if r.Projects[0].Indicators != nil {
		t.Error("indicators kept")
	}
}

package budget

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/tomlpos"
)

// DropDetail lets go of the paths of objects: they are for problems, all
// found by the time it is called, and a kept bureau is stored.
func TestDropDetailDropsPositions(t *testing.T) {
	o := Origin{File: "x.toml", Path: []string{"projects", "0"}}
	item := &FundItem{Origin: o, Name: "item"}
	r := &Report{Origin: o,
		Funds:    &Funds{Origin: o, Sources: []*FundSource{{Origin: o, Items: []*FundItem{item}}}},
		Staff:    &Staff{Origin: o},
		Projects: []*Project{{Origin: o, Funds: []ProjectFund{{Origin: o}}, Indicators: []*Indicator{{Origin: o}}}},
	}
	r.DropDetail()
	origins := []Origin{r.Origin, r.Funds.Origin, r.Funds.Sources[0].Origin, item.Origin, r.Staff.Origin, r.Projects[0].Origin, r.Projects[0].Funds[0].Origin}
	for i, o := range origins {
		if o.Path != nil {
			t.Errorf("origin %d still holds its path", i)
		}
		if o.File == "" {
			t.Errorf("origin %d lost its file", i)
		}
	}
	if r.Projects[0].Indicators != nil {
		t.Error("indicators kept")
	}
}

// Pos names the key by its whole path, joined as the position index
// joins it, to be looked up when a problem is reported; the object's
// path is not changed by it (the model shares it).
func TestOriginPos(t *testing.T) {
	path := make([]string, 2, 8) // room to grow: Pos must not write into it
	copy(path, []string{"projects", "3"})
	o := Origin{File: "x.toml", Path: path}
	if got, want := o.Pos("executed"), (diag.Pos{Key: tomlpos.Join("projects", "3", "executed")}); got != want {
		t.Errorf("Pos(executed) = %+v, want %+v", got, want)
	}
	if got := o.Pos("a\x1fb"); got.Key != "projects\x1f3\x1fa\x1e1b" {
		t.Errorf("a key holding the separator is not escaped: %q", got.Key)
	}
	_ = o.Pos("name")
	if p := path[:3]; p[2] != "" {
		t.Errorf("Pos wrote into the shared path: %q", p)
	}
	if got := (Origin{File: "x.toml"}).Pos("title"); got.Key != "title" {
		t.Errorf("a key at the top: %q", got.Key)
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

// Summarize lets go of the projects, and the figures the pages of the
// whole site read of them are those read before: printed totals or not,
// a single project's printed rates, more projects evaluated than listed.
func TestSummarizeKeepsFigures(t *testing.T) {
	rate := func(n, d int64) *Percent { return &Percent{Raw: "x", Value: big.NewRat(n, d), Decimals: 2} }
	two := func() []*Project {
		return []*Project{
			{ID: "p1", Initial: Amt(100), Adjusted: Amt(120), Received: Amt(110), Executed: Amt(90)},
			{ID: "p2", Initial: Amt(50), Change: Amt(-5), Received: Amt(40), Executed: nil, ExecutionBase: "initial"},
		}
	}
	cases := map[string]func() *Report{
		"sums": func() *Report { return &Report{Projects: two()} },
		"single": func() *Report {
			return &Report{Projects: []*Project{{ID: "p", Adjusted: Amt(7), Executed: Amt(5), ExecutionRate: rate(9750, 100), ReceiptRate: rate(1, 1), Balance: Amt(-3)}}}
		},
		"declared": func() *Report {
			return &Report{Projects: two(), Declared: &Declared{Projects: 5, Adjusted: Amt(999), ExecutionRate: rate(8875, 100), Balance: Amt(12)}}
		},
		"none": func() *Report { return &Report{} },
	}
	for name, mk := range cases {
		r := mk()
		r.Funds = &Funds{Sources: []*FundSource{{Items: []*FundItem{{ProjectID: "p1"}}}}}
		if len(r.Projects) > 0 {
			r.Funds.Sources[0].Items[0].Project = r.Projects[0]
		}
		want, wantTotals, n := r.Stated(), r.Totals(), len(r.Projects)
		r.Summarize()
		r.Summarize() // a second call keeps the first's figures
		if r.Projects != nil || r.Funds.Sources[0].Items[0].Project != nil {
			t.Errorf("%s: projects kept", name)
		}
		if got := r.ProjectCount(); got != n {
			t.Errorf("%s: %d projects, want %d", name, got, n)
		}
		if got := r.Totals(); got != wantTotals {
			t.Errorf("%s: totals %+v, want %+v", name, got, wantTotals)
		}
		if got := fmt.Sprint(stated(r.Stated())); got != fmt.Sprint(stated(want)) {
			t.Errorf("%s: stated %s, want %s", name, got, fmt.Sprint(stated(want)))
		}
	}
}

// stated is s with its figures as values, for comparing.
func stated(s Stated) []any {
	out := []any{s.Projects, s.InitialPublished, s.AdjustedPublished, s.ReceivedPublished, s.ExecutedPublished}
	for _, a := range []*Amount{s.Initial, s.Adjusted, s.Received, s.Executed, s.Base, s.Balance} {
		if a == nil {
			out = append(out, "nil")
		} else {
			out = append(out, int64(*a))
		}
	}
	for _, p := range []*Percent{s.ExecutionRate, s.ReceiptRate} {
		if p == nil {
			out = append(out, "nil")
		} else {
			out = append(out, p.Value.RatString())
		}
	}
	return out
}

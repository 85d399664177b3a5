package buildcache

import (
	"encoding/binary"
	"math/big"

	"github.com/disclose-portal/disclose/generator/budget"
)

// The site model: what the pages of the whole site (home, years, the
// open-data page), the feed and the sitemap read of a bureau, kept in
// its entry's head (Head.Model) in a form of its own. A build after a
// changed figure makes the home page, the feed and a year's page from
// every bureau; reading each kept bureau's thinned model from the body
// meant 2,000 gob streams at 10,000 reports, each compiling its types
// again (a second of CPU), and reading every entry whole (its rows and
// search part, nine tenths of its bytes). From the head it is a few
// hundred bytes a report, decoded by hand.
//
// What is kept: the bureau without its origin; each report's year,
// title, kind, dates, unit, source, narrative file and attachments; its
// funds (total, sources, items: the sums and the sources' totals); its
// printed totals (Declared); and of each project what Report.Stated
// reads (the amounts, the change, the rate's base, the printed rates and
// balance), its id and name. Staff, forms, scores, texts and positions
// are not: no page of the whole site shows them. site_test.go in
// package site renders the whole-site files of synthetic and hostile
// sites from the thinned models and from these, and compares the bytes.

// siteModelVersion is the first byte of an encoded site model: a head
// from a program that encodes differently is not decoded as this one's.
const siteModelVersion = 1

// EncodeSiteModel writes the site model of b (a thinned bureau).
func EncodeSiteModel(b *budget.Bureau) []byte {
	w := modelWriter{buf: make([]byte, 0, 256+512*len(b.Reports))}
	w.buf = append(w.buf, siteModelVersion)
	for _, s := range []string{b.Slug, b.Name, b.ShortName, b.Region, b.RegionCode, b.Level, b.Website} {
		w.str(s)
	}
	w.strs(b.Functions)
	w.uint(uint64(b.Unread))
	w.uint(uint64(len(b.Reports)))
	for _, r := range b.Reports {
		w.int(int64(r.Year))
		for _, s := range []string{r.Title, r.Kind, r.Unit.Name, r.Source, r.SourceURL, r.NarrativeFile} {
			w.str(s)
		}
		w.date(r.Published)
		w.date(r.Approved)
		w.strs(r.Attachments)
		if w.flag(r.Funds != nil) {
			w.amount(r.Funds.Total)
			w.uint(uint64(len(r.Funds.Sources)))
			for _, s := range r.Funds.Sources {
				w.str(s.Name)
				w.amount(s.Amount)
				w.uint(uint64(len(s.Items)))
				for _, it := range s.Items {
					w.str(it.Name)
					w.amount(it.Amount)
					w.str(it.ProjectID)
				}
			}
		}
		if d := r.Declared; w.flag(d != nil) {
			w.int(int64(d.Projects))
			for _, a := range []*budget.Amount{d.Initial, d.Adjusted, d.Received, d.Executed, d.Balance} {
				w.amount(a)
			}
			w.percent(d.ExecutionRate)
			w.percent(d.ReceiptRate)
		}
		w.uint(uint64(len(r.Projects)))
		for _, p := range r.Projects {
			w.str(p.ID)
			w.str(p.Name)
			w.str(p.ExecutionBase)
			for _, a := range []*budget.Amount{p.Initial, p.Adjusted, p.Change, p.Received, p.Executed, p.Balance} {
				w.amount(a)
			}
			w.percent(p.ExecutionRate)
			w.percent(p.ReceiptRate)
		}
	}
	return w.buf
}

// DecodeSiteModel reads a site model back into a bureau whose reports
// link back to it and whose fund items link their projects, as the
// loader leaves them; false when data is damaged or of another version.
func DecodeSiteModel(data []byte) (*budget.Bureau, bool) {
	if len(data) == 0 || data[0] != siteModelVersion {
		return nil, false
	}
	f := modelReader{fields{b: data[1:]}}
	b := &budget.Bureau{}
	for _, s := range []*string{&b.Slug, &b.Name, &b.ShortName, &b.Region, &b.RegionCode, &b.Level, &b.Website} {
		*s = f.str()
	}
	b.Functions = f.strs()
	b.Unread = int(f.uint())
	b.Reports = make([]*budget.Report, f.count(8))
	for i := range b.Reports {
		r := &budget.Report{Bureau: b, Year: int(f.int())}
		var unit string
		for _, s := range []*string{&r.Title, &r.Kind, &unit, &r.Source, &r.SourceURL, &r.NarrativeFile} {
			*s = f.str()
		}
		if unit != "" {
			u, ok := budget.LookupUnit(unit)
			if !ok {
				return nil, false
			}
			r.Unit = u
		}
		r.Published, r.Approved = f.date(), f.date()
		r.Attachments = f.strs()
		if f.flag() {
			r.Funds = &budget.Funds{Total: f.amount()}
			r.Funds.Sources = make([]*budget.FundSource, f.count(3))
			for k := range r.Funds.Sources {
				s := &budget.FundSource{Name: f.str(), Amount: f.amount()}
				s.Items = make([]*budget.FundItem, f.count(3))
				for n := range s.Items {
					s.Items[n] = &budget.FundItem{Name: f.str(), Amount: f.amount(), ProjectID: f.str()}
				}
				r.Funds.Sources[k] = s
			}
		}
		if f.flag() {
			d := &budget.Declared{Projects: int(f.int())}
			for _, a := range []**budget.Amount{&d.Initial, &d.Adjusted, &d.Received, &d.Executed, &d.Balance} {
				*a = f.amount()
			}
			d.ExecutionRate, d.ReceiptRate = f.percent(), f.percent()
			r.Declared = d
		}
		r.Projects = make([]*budget.Project, f.count(11))
		for k := range r.Projects {
			p := &budget.Project{ID: f.str(), Name: f.str(), ExecutionBase: f.str()}
			for _, a := range []**budget.Amount{&p.Initial, &p.Adjusted, &p.Change, &p.Received, &p.Executed, &p.Balance} {
				*a = f.amount()
			}
			p.ExecutionRate, p.ReceiptRate = f.percent(), f.percent()
			r.Projects[k] = p
		}
		if r.Funds != nil {
			for _, s := range r.Funds.Sources {
				for _, it := range s.Items {
					if it.ProjectID != "" {
						it.Project = r.Project(it.ProjectID)
					}
				}
			}
		}
		b.Reports[i] = r
	}
	if !f.done() {
		return nil, false
	}
	return b, true
}

type modelWriter struct{ buf []byte }

func (w *modelWriter) uint(v uint64) { w.buf = binary.AppendUvarint(w.buf, v) }
func (w *modelWriter) int(v int64)   { w.buf = binary.AppendVarint(w.buf, v) }
func (w *modelWriter) str(s string)  { w.uint(uint64(len(s))); w.buf = append(w.buf, s...) }

func (w *modelWriter) strs(list []string) {
	w.uint(uint64(len(list)))
	for _, s := range list {
		w.str(s)
	}
}

// flag writes whether something follows, and returns it.
func (w *modelWriter) flag(ok bool) bool {
	if ok {
		w.buf = append(w.buf, 1)
	} else {
		w.buf = append(w.buf, 0)
	}
	return ok
}

func (w *modelWriter) date(d budget.Date) {
	w.int(int64(d.Year))
	w.int(int64(d.Month))
	w.int(int64(d.Day))
}

func (w *modelWriter) amount(a *budget.Amount) {
	if w.flag(a != nil) {
		w.int(int64(*a))
	}
}

// percent keeps a printed rate exactly: its text, its value as a
// fraction, its decimals.
func (w *modelWriter) percent(p *budget.Percent) {
	if !w.flag(p != nil) {
		return
	}
	w.str(p.Raw)
	if w.flag(p.Value != nil) {
		num, _ := p.Value.Num().GobEncode()
		den, _ := p.Value.Denom().GobEncode()
		w.str(string(num))
		w.str(string(den))
	}
	w.int(int64(p.Decimals))
}

type modelReader struct{ fields }

func (f *modelReader) str() string { return string(f.bytes()) }

func (f *modelReader) int() int64 {
	v, k := binary.Varint(f.b)
	if k <= 0 {
		f.bad = true
		return 0
	}
	f.b = f.b[k:]
	return v
}

func (f *modelReader) strs() []string {
	n := f.count(1)
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = f.str()
	}
	return out
}

func (f *modelReader) flag() bool {
	v := f.fixed(1)
	if f.bad {
		return false
	}
	if v[0] > 1 {
		f.bad = true
	}
	return v[0] == 1
}

func (f *modelReader) date() budget.Date {
	return budget.Date{Year: int(f.int()), Month: int(f.int()), Day: int(f.int())}
}

func (f *modelReader) amount() *budget.Amount {
	if !f.flag() {
		return nil
	}
	return budget.Amt(budget.Amount(f.int()))
}

func (f *modelReader) percent() *budget.Percent {
	if !f.flag() {
		return nil
	}
	p := &budget.Percent{Raw: f.str()}
	if f.flag() {
		var num, den big.Int
		if num.GobDecode(f.bytes()) != nil || den.GobDecode(f.bytes()) != nil || den.Sign() == 0 {
			f.bad = true
			return nil
		}
		p.Value = new(big.Rat).SetFrac(&num, &den)
	}
	p.Decimals = int(f.int())
	return p
}

package opendata

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// report.json is written here field by field rather than by
// encoding/json: a cold build writes one per report, and reflection over
// ReportDoc's few hundred fields was a third of the document's cost
// (docs/performance.md, "Cold build, per-report CPU"). The bytes are
// those of MarshalJSON(d, false) — field order of the structs, nil
// pointers and slices as null, HTML characters unescaped, encoding/json's
// string escapes — and reportjson_test.go holds the two together over the
// example, the corpus, synthetic reports and a fuzz test. A field added
// to a Doc type must be added here too; the tests fail until it is.

// MarshalReport is MarshalJSON(d, false) for report.json, appended to
// dst (a worker's buffer, reused from report to report).
func MarshalReport(dst []byte, d *ReportDoc) []byte {
	w := jw(dst)
	w.reportDoc(d)
	return append(w, '\n')
}

// jw is JSON being written.
type jw []byte

func (w *jw) raw(s string) { *w = append(*w, s...) }

// key writes a member's name and colon, after a comma unless it is the
// object's first; names are constants that need no escape.
func (w *jw) key(first bool, name string) {
	if !first {
		*w = append(*w, ',')
	}
	*w = append(*w, '"')
	*w = append(*w, name...)
	*w = append(*w, '"', ':')
}

// open starts an object with its first member's name.
func (w *jw) open(name string) {
	*w = append(*w, '{', '"')
	*w = append(*w, name...)
	*w = append(*w, '"', ':')
}

func (w *jw) str(s string) { *w = appendJSONString(*w, s) }

func (w *jw) strp(s *string) {
	if s == nil {
		w.raw("null")
		return
	}
	w.str(*s)
}

func (w *jw) int(n int) { *w = strconv.AppendInt(*w, int64(n), 10) }

func (w *jw) intp(n *int) {
	if n == nil {
		w.raw("null")
		return
	}
	w.int(*n)
}

func (w *jw) bool(b bool) {
	if b {
		w.raw("true")
	} else {
		w.raw("false")
	}
}

// number writes a json.Number as encoding/json does: as it is, and the
// empty one as 0. encoding/json also refuses a malformed number; ours
// come from exact decimals and strconv, and the tests compare them.
func (w *jw) number(n json.Number) {
	if n == "" {
		w.raw("0")
		return
	}
	w.raw(string(n))
}

func (w *jw) numberp(n *json.Number) {
	if n == nil {
		w.raw("null")
		return
	}
	w.number(*n)
}

// appendJSONString is encoding/json's appendString with escapeHTML
// false: quotes, backslashes and control characters escaped (\b \f \n
// \r \t short), bytes that are not UTF-8 as \ufffd, U+2028 and U+2029
// escaped.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		// Most of a report's text is Chinese: three bytes a character,
		// a lead E3–E9 (EF for the full-width （），：) and two
		// continuation bytes, a valid rune that needs no escape. Not
		// E0 and ED, whose second byte has a narrower range, nor E2
		// (U+2028 and U+2029).
		if b := s[i]; b >= 0xE3 && b <= 0xEF && b != 0xED && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			i += 3
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

func (w *jw) reportDoc(d *ReportDoc) {
	w.raw("{")
	w.key(true, "format")
	w.str(d.Format)
	w.key(false, "schema")
	w.str(d.Schema)
	w.key(false, "bureau")
	b := &d.Bureau
	w.open("slug")
	w.str(b.Slug)
	w.key(false, "name")
	w.str(b.Name)
	w.key(false, "short_name")
	w.str(b.ShortName)
	w.key(false, "region")
	w.str(b.Region)
	w.key(false, "region_code")
	w.str(b.RegionCode)
	w.key(false, "level")
	w.str(b.Level)
	w.key(false, "website")
	w.str(b.Website)
	w.raw("}")
	w.key(false, "year")
	w.int(d.Year)
	w.key(false, "title")
	w.str(d.Title)
	w.key(false, "kind")
	w.str(d.Kind)
	w.key(false, "form")
	w.strp(d.Form)
	w.key(false, "form_label")
	w.strp(d.FormLabel)
	w.key(false, "published")
	w.strp(d.Published)
	w.key(false, "approved")
	w.strp(d.Approved)
	w.key(false, "days_to_publish")
	w.intp(d.DaysToPublish)
	w.key(false, "source")
	w.str(d.Source)
	w.key(false, "source_url")
	w.str(d.SourceURL)
	w.key(false, "unit")
	w.str(d.Unit)
	w.key(false, "license")
	w.str(d.License)
	w.key(false, "publisher")
	w.str(d.Publisher)
	w.key(false, "staff")
	w.staff(d.Staff)
	w.key(false, "funds")
	w.funds(d.Funds)
	w.key(false, "declared")
	w.declared(d.Declared)
	w.key(false, "totals")
	w.totals(&d.Totals)
	w.key(false, "projects")
	list(w, d.Projects, w.project)
	w.key(false, "metrics")
	list(w, d.Metrics, w.metric)
	w.key(false, "narrative")
	w.str(d.Narrative)
	w.key(false, "attachments")
	w.strs(d.Attachments)
	w.key(false, "checks")
	list(w, d.Checks, w.check)
	w.raw("}")
}

func (w *jw) strs(ss []string) { list(w, ss, func(s *string) { w.str(*s) }) }

// list writes items as an array, or null for a nil slice (as
// encoding/json does), each element by item: the one writer of every
// list in report.json.
func list[T any](w *jw, items []T, item func(*T)) {
	if items == nil {
		w.raw("null")
		return
	}
	w.raw("[")
	for i := range items {
		if i > 0 {
			w.raw(",")
		}
		item(&items[i])
	}
	w.raw("]")
}

func (w *jw) money(m *Money) {
	if m == nil {
		w.raw("null")
		return
	}
	w.open("yuan")
	w.str(m.Yuan)
	w.key(false, "value")
	w.str(m.Value)
	w.raw("}")
}

func (w *jw) rate(r *Rate) {
	if r == nil {
		w.raw("null")
		return
	}
	w.open("fraction")
	w.str(r.Fraction)
	w.key(false, "percent")
	w.str(r.Percent)
	w.key(false, "number")
	w.number(r.Number)
	w.raw("}")
}

func (w *jw) printedRate(p *PrintedRate) {
	if p == nil {
		w.raw("null")
		return
	}
	w.open("raw")
	w.str(p.Raw)
	w.key(false, "percent")
	w.str(p.Percent)
	w.raw("}")
}

func (w *jw) rateCheck(c *RateCheck) {
	w.open("published")
	w.printedRate(c.Published)
	w.key(false, "computed")
	w.rate(c.Computed)
	w.key(false, "agreement")
	w.strp(c.Agreement)
	w.raw("}")
}

func (w *jw) moneyCheck(c *MoneyCheck) {
	w.open("published")
	w.money(c.Published)
	w.key(false, "computed")
	w.money(c.Computed)
	w.raw("}")
}

// sumFields writes Sum's members, inside an object (Total embeds them).
func (w *jw) sumFields(first bool, s *Sum) {
	w.key(first, "computed")
	w.money(s.Computed)
	w.key(false, "count")
	w.int(s.Count)
	w.key(false, "of")
	w.int(s.Of)
}

func (w *jw) sum(s *Sum) {
	w.raw("{")
	w.sumFields(true, s)
	w.raw("}")
}

func (w *jw) total(t *Total) {
	w.open("value")
	w.money(t.Value)
	w.key(false, "status")
	w.strp(t.Status)
	w.key(false, "published")
	w.money(t.Published)
	w.sumFields(false, &t.Sum)
	w.raw("}")
}

func (w *jw) scored(s *Scored) {
	w.open("published")
	w.numberp(s.Published)
	w.key(false, "computed")
	w.numberp(s.Computed)
	w.raw("}")
}

func (w *jw) value(v *ValueDoc) {
	if v == nil {
		w.raw("null")
		return
	}
	w.open("raw")
	w.str(v.Raw)
	w.key(false, "op")
	w.str(v.Op)
	w.key(false, "number")
	w.strp(v.Number)
	w.key(false, "suffix")
	w.str(v.Suffix)
	w.key(false, "approx")
	w.bool(v.Approx)
	w.raw("}")
}

func (w *jw) counts(cs []CountDoc) {
	list(w, cs, func(c *CountDoc) {
		w.open("name")
		w.str(c.Name)
		w.key(false, "count")
		w.int(c.Count)
		w.raw("}")
	})
}

func (w *jw) staff(s *StaffDoc) {
	if s == nil {
		w.raw("null")
		return
	}
	w.open("authorized")
	w.intp(s.Authorized)
	w.key(false, "actual")
	w.intp(s.Actual)
	w.key(false, "retired")
	w.intp(s.Retired)
	w.key(false, "actual_by_type")
	w.counts(s.ActualByType)
	w.key(false, "retired_by_type")
	w.counts(s.RetiredByType)
	w.raw("}")
}

func (w *jw) funds(f *FundsDoc) {
	if f == nil {
		w.raw("null")
		return
	}
	w.open("total")
	w.total(&f.Total)
	w.key(false, "sources")
	list(w, f.Sources, w.source)
	w.raw("}")
}

func (w *jw) source(s *SourceDoc) {
	w.open("name")
	w.str(s.Name)
	w.key(false, "amount")
	w.money(s.Amount)
	w.key(false, "share")
	w.rate(s.Share)
	w.key(false, "items_sum")
	w.sum(&s.ItemsSum)
	w.key(false, "items")
	list(w, s.Items, func(it *ItemDoc) {
		w.open("name")
		w.str(it.Name)
		w.key(false, "amount")
		w.money(it.Amount)
		w.key(false, "project")
		w.str(it.Project)
		w.raw("}")
	})
	w.raw("}")
}

func (w *jw) declared(d *DeclaredDoc) {
	if d == nil {
		w.raw("null")
		return
	}
	w.open("projects")
	w.intp(d.Projects)
	w.key(false, "initial")
	w.money(d.Initial)
	w.key(false, "adjusted")
	w.money(d.Adjusted)
	w.key(false, "received")
	w.money(d.Received)
	w.key(false, "executed")
	w.money(d.Executed)
	w.key(false, "balance")
	w.money(d.Balance)
	w.key(false, "execution_rate")
	w.printedRate(d.ExecutionRate)
	w.key(false, "receipt_rate")
	w.printedRate(d.ReceiptRate)
	w.raw("}")
}

func (w *jw) totals(t *TotalsDoc) {
	w.open("projects")
	w.int(t.Projects)
	w.key(false, "initial")
	w.total(&t.Initial)
	w.key(false, "adjusted")
	w.total(&t.Adjusted)
	w.key(false, "received")
	w.total(&t.Received)
	w.key(false, "executed")
	w.total(&t.Executed)
	w.key(false, "balance")
	w.moneyCheck(&t.Balance)
	w.key(false, "execution_rate")
	w.rateCheck(&t.ExecutionRate)
	w.key(false, "receipt_rate")
	w.rateCheck(&t.ReceiptRate)
	w.raw("}")
}

func (w *jw) project(p *ProjectDoc) {
	w.open("id")
	w.str(p.ID)
	w.key(false, "name")
	w.str(p.Name)
	w.key(false, "form")
	w.strp(p.Form)
	w.key(false, "form_label")
	w.strp(p.FormLabel)
	w.key(false, "department")
	w.str(p.Department)
	w.key(false, "central_department")
	w.str(p.CentralDepartment)
	w.key(false, "implementer")
	w.str(p.Implementer)
	w.key(false, "code")
	w.str(p.Code)
	w.key(false, "as_of")
	w.strp(p.AsOf)
	w.key(false, "initial")
	w.money(p.Initial)
	w.key(false, "adjusted")
	w.money(p.Adjusted)
	w.key(false, "received")
	w.money(p.Received)
	w.key(false, "executed")
	w.money(p.Executed)
	w.key(false, "income")
	w.money(p.Income)
	w.key(false, "execution_base")
	w.str(p.ExecutionBase)
	w.key(false, "balance")
	w.moneyCheck(&p.Balance)
	w.key(false, "adjustment")
	w.moneyCheck(&p.Adjustment)
	w.key(false, "execution_rate")
	w.rateCheck(&p.ExecutionRate)
	w.key(false, "receipt_rate")
	w.rateCheck(&p.ReceiptRate)
	w.key(false, "funds")
	list(w, p.Funds, func(f *ProjFundDoc) {
		w.open("source")
		w.str(f.Source)
		w.key(false, "initial")
		w.money(f.Initial)
		w.key(false, "adjusted")
		w.money(f.Adjusted)
		w.key(false, "executed")
		w.money(f.Executed)
		w.key(false, "execution_rate")
		w.rateCheck(&f.ExecutionRate)
		w.raw("}")
	})
	w.key(false, "goal")
	w.str(p.Goal)
	w.key(false, "outcome")
	w.str(p.Outcome)
	w.key(false, "deviation")
	w.str(p.Deviation)
	w.key(false, "execution_weight")
	w.numberp(p.ExecutionWeight)
	w.key(false, "execution_score")
	w.scored(&p.ExecutionScore)
	w.key(false, "goal_weight")
	w.numberp(p.GoalWeight)
	w.key(false, "goal_score")
	w.numberp(p.GoalScore)
	w.key(false, "score")
	w.scored(&p.Score)
	w.key(false, "grade")
	w.open("published")
	w.strp(p.Grade.Published)
	w.key(false, "computed")
	w.strp(p.Grade.Computed)
	w.raw("}")
	w.key(false, "indicators")
	list(w, p.Indicators, w.indicator)
	w.raw("}")
}

func (w *jw) indicator(d *IndicatorDoc) {
	w.open("group")
	w.str(d.Group)
	w.key(false, "level1")
	w.str(d.Level1)
	w.key(false, "level2")
	w.str(d.Level2)
	w.key(false, "name")
	w.str(d.Name)
	w.key(false, "target")
	w.value(&d.Target)
	w.key(false, "actual")
	w.value(&d.Actual)
	w.key(false, "unit")
	w.str(d.Unit)
	w.key(false, "nature")
	w.str(d.Nature)
	w.key(false, "direction")
	w.str(d.Direction)
	w.key(false, "direction_given")
	w.bool(d.DirectionGiven)
	w.key(false, "direction_unsure")
	w.bool(d.DirectionUnsure)
	w.key(false, "achieved")
	w.str(d.Achieved)
	w.key(false, "met")
	if d.Met == nil {
		w.raw("null")
	} else {
		w.bool(*d.Met)
	}
	w.key(false, "completion")
	w.rate(d.Completion)
	w.key(false, "weight")
	w.numberp(d.Weight)
	w.key(false, "score")
	w.scored(&d.Score)
	w.key(false, "deviation")
	w.str(d.Deviation)
	w.raw("}")
}

func (w *jw) metric(m *MetricDoc) {
	w.open("id")
	w.str(m.ID)
	w.key(false, "name")
	w.str(m.Name)
	w.key(false, "group")
	w.str(m.Group)
	w.key(false, "value")
	w.value(&m.Value)
	w.key(false, "unit")
	w.str(m.Unit)
	w.key(false, "previous")
	w.value(m.Previous)
	w.key(false, "previous_from")
	w.str(m.PreviousFrom)
	w.key(false, "baseline")
	w.value(m.Baseline)
	w.key(false, "change_percent")
	w.strp(m.Change)
	w.key(false, "target")
	w.value(m.Target)
	w.key(false, "completion")
	w.rate(m.Completion)
	w.key(false, "yoy")
	w.open("published")
	w.strp(m.YoY.Published)
	w.key(false, "computed")
	w.strp(m.YoY.Computed)
	w.raw("}")
	w.key(false, "note")
	w.str(m.Note)
	w.raw("}")
}

func (w *jw) check(c *CheckDoc) {
	w.open("severity")
	w.str(c.Severity)
	w.key(false, "file")
	w.str(c.File)
	w.key(false, "line")
	w.int(c.Line)
	w.key(false, "col")
	w.int(c.Col)
	w.key(false, "message")
	w.str(c.Message)
	w.key(false, "hint")
	w.str(c.Hint)
	w.key(false, "public")
	w.str(c.Public)
	w.raw("}")
}

package opendata

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math/rand/v2"
	"os"
	"reflect"
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/synth"
	"github.com/disclose-portal/disclose/generator/validate"
)

// sameReportJSON fails unless MarshalReport writes what encoding/json
// writes for d, appended after what dst held.
func sameReportJSON(t *testing.T, what string, d *ReportDoc) {
	t.Helper()
	want := MarshalJSON(d, false)
	prefix := []byte("kept")
	got := MarshalReport(append([]byte(nil), prefix...), d)
	if !bytes.HasPrefix(got, prefix) {
		t.Fatalf("%s: the buffer's bytes were overwritten", what)
	}
	got = got[len(prefix):]
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		lo := max(0, i-80)
		t.Fatalf("%s: differs at byte %d of %d/%d:\n got %q\nwant %q", what, i, len(got), len(want),
			got[lo:min(len(got), i+80)], want[lo:min(len(want), i+80)])
	}
}

func siteReportDocs(t *testing.T, s *budget.Site, diags diag.List) int {
	n := 0
	for _, r := range reports(s) {
		var checks []diag.Diagnostic
		for _, d := range diags {
			if d.File == r.File || d.File == r.NarrativeFile {
				checks = append(checks, d)
			}
		}
		sameReportJSON(t, r.File, NewReportDoc(r, s.Config, checks))
		n++
	}
	return n
}

// The fixture, the bundled example, the corpus of real reports and
// synthetic sites (their warnings become checks).
func TestReportJSONMatchesEncodingJSON(t *testing.T) {
	s, diags := fixture(t)
	n := siteReportDocs(t, s, diags)
	for _, dir := range []string{"../..", "../site/testdata/corpus"} {
		s, diags := load.Site(os.DirFS(dir))
		diags = append(diags, validate.Site(s, diags)...)
		if len(s.Bureaus) == 0 {
			t.Fatalf("%s: no bureaus", dir)
		}
		n += siteReportDocs(t, s, diags)
	}
	for seed := range uint64(4) {
		src := synth.MapFS(synth.Options{Bureaus: 4, Years: 3, Seed: seed + 1})
		s, diags := load.Site(src)
		diags = append(diags, validate.Site(s, diags)...)
		n += siteReportDocs(t, s, diags)
	}
	if n < 40 {
		t.Errorf("compared %d reports, want at least 40", n)
	}
}

// FuzzReportJSON fills every field of a ReportDoc from the input — text
// with quotes, control characters, bytes that are not UTF-8, U+2028;
// pointers and slices nil, empty or full; numbers — and compares the
// two encoders. The filler walks the struct by reflection, so a field
// added to a Doc type is filled (and must be written) at once.
func FuzzReportJSON(f *testing.F) {
	f.Add([]byte("seed"))
	f.Add([]byte("\x00\x01\x02\x03\"\\<>&\u2028\u2029\xff\xfe\t\n\r\b\f\x1f\x7f项目"))
	f.Add(bytes.Repeat([]byte{0xff, 3, 7, 0x80, 1}, 40))
	f.Fuzz(func(t *testing.T, in []byte) {
		var d ReportDoc
		fill(reflect.ValueOf(&d).Elem(), &filler{in: in})
		sameReportJSON(t, "fuzzed", &d)
	})
}

// Random inputs, as the fuzzer makes them, must fill every part of the
// document, nested slices and pointers included, in some of them, or the
// fuzz test compares little.
func TestFillerReachesEveryField(t *testing.T) {
	filled := map[string]int{}
	for seed := range uint64(200) {
		in := make([]byte, 997)
		r := rand.New(rand.NewPCG(seed, 2))
		for i := range in {
			in[i] = byte(r.Uint32())
		}
		var d ReportDoc
		fill(reflect.ValueOf(&d).Elem(), &filler{in: in})
		sameReportJSON(t, "filled", &d)
		for what, full := range map[string]bool{
			"projects":   len(d.Projects) > 0,
			"indicators": len(d.Projects) > 0 && len(d.Projects[0].Indicators) > 0,
			"met":        len(d.Projects) > 0 && len(d.Projects[0].Indicators) > 0 && d.Projects[0].Indicators[0].Met != nil,
			"sources":    d.Funds != nil && len(d.Funds.Sources) > 0,
			"items":      d.Funds != nil && len(d.Funds.Sources) > 0 && len(d.Funds.Sources[0].Items) > 0,
			"staff":      d.Staff != nil && len(d.Staff.ActualByType) > 0,
			"declared":   d.Declared != nil,
			"metrics":    len(d.Metrics) > 0 && d.Metrics[0].Previous != nil,
			"checks":     len(d.Checks) > 0,
			"empty list": d.Projects != nil && len(d.Projects) == 0,
			"null list":  d.Projects == nil,
		} {
			if full {
				filled[what]++
			}
		}
	}
	if len(filled) != 11 {
		t.Errorf("parts filled in some of 200 documents: %v, want all 11", filled)
	}
}

type filler struct {
	in    []byte
	i     int
	depth int
}

func (f *filler) byte() byte {
	if len(f.in) == 0 {
		return 0
	}
	b := f.in[f.i%len(f.in)]
	f.i++
	return b
}

var pieces = []string{"", "a", "项目", "\"", "\\", "\n", "\r\t", "\x00", "\x1f", "\x7f", "<&>", "\u2028", "\u2029",
	"\xff", "\xe6\x9c", "😀", "\b\f", "/", "0.5", "'"}

// number gives a valid JSON number: the kinds report.json writes
// (integers, exact decimals, floats from strconv) and the empty one,
// which encoding/json writes as 0.
func (f *filler) number() json.Number {
	nums := []string{"", "0", "-1", "12.5", "100", "0.3333333333333333", "1e+21", "-2.5e-07", "98.75"}
	return json.Number(nums[int(f.byte())%len(nums)])
}

func (f *filler) string() string {
	n := int(f.byte() % 5)
	var s []byte
	for range n {
		b := f.byte()
		if b&1 == 0 {
			s = append(s, pieces[int(b>>1)%len(pieces)]...)
		} else {
			s = append(s, b>>1) // any ASCII, control characters included
		}
	}
	if f.byte()%7 == 0 {
		s = append(s, f.in[:min(len(f.in), 12)]...) // raw input bytes, not always UTF-8
	}
	return string(s)
}

var numberType = reflect.TypeFor[json.Number]()

func fill(v reflect.Value, f *filler) {
	if v.Type() == numberType {
		v.SetString(string(f.number()))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(f.string())
	case reflect.Int:
		var b [2]byte
		b[0], b[1] = f.byte(), f.byte()
		v.SetInt(int64(int16(binary.LittleEndian.Uint16(b[:]))))
	case reflect.Bool:
		v.SetBool(f.byte()&1 == 1)
	case reflect.Pointer:
		if f.byte()%4 == 0 {
			return // nil: null
		}
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), f)
		v.Set(p)
	case reflect.Slice:
		b := f.byte()
		if b%5 == 0 || f.depth > 3 {
			return // nil: null
		}
		n := int(b % 4) // 0 is an empty list: []
		s := reflect.MakeSlice(v.Type(), n, n)
		f.depth++
		for i := range n {
			fill(s.Index(i), f)
		}
		f.depth--
		v.Set(s)
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), f)
		}
	default:
		panic("fill: no case for " + v.Type().String())
	}
}

// Three-byte characters take appendJSONString's short way; around it,
// what is not one (cut, followed by a byte that continues nothing, a
// surrogate, U+2028) is written as encoding/json writes it.
func TestJSONStringThreeBytes(t *testing.T) {
	for _, s := range []string{"项目资金（万元）", "\xe6\x9c", "a\xe6\x9cA", "\xe6\x9c\xe6\x9c\xac", "\xe3\x80\x80\xec\xbf\xbf",
		"\xed\xa0\x80", "\xe2\x80\xa8\xe2\x80\xa9", "\xef\xbf\xbf\xef\xbf\xbd", "\xe9\xbf", "\xe4\xc0\x80", "≥95%",
		"（万元）：", "\xef\xbc", "\xef\xbc\x28", "\xed\x9f\xbf", "\xe0\xa0\x80", "\xee\x80\x80"} {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("%q: %s, want %s", s, got, want)
		}
	}
}

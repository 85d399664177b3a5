package buildcache

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/i18n"
)

// sampleDiags are problems of every shape a head holds: each severity,
// no position, nested arguments, a hint, a source line and a public text.
func sampleDiags() diag.List {
	var l diag.List
	l.Errorf("a/2023.toml", diag.Pos{}, "error.plain", "x")
	d := l.Warnf("a/2023.toml", diag.Pos{Line: 25, Col: 1}, "warn.sum", i18n.T("unit.wan", "1,377.66"), 3, i18n.Lit(""))
	d.Hint = i18n.T("hint.charts", "bar, line")
	d.Source = "total = 1377.67"
	d.Public = "各资金来源合计与总额相差 0.01 万元。"
	l.Notef("a/bureau.toml", diag.Pos{Line: 1, Col: 7}, "note.round", "「引号」<&>", i18n.T("k", i18n.T("k2", "深")))
	return l
}

// TestDiags: the binary form reads back what JSON read back before (the
// problems a build prints and the report pages show), and a damaged
// head, or one in another form, is refused without a panic.
func TestDiags(t *testing.T) {
	l := sampleDiags()
	data := encodeDiags(l)
	got, ok := decodeDiags(data)
	if !ok {
		t.Fatal("not read")
	}
	js, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	var want diag.List
	if err := json.Unmarshal(js, &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("binary %+v\nJSON   %+v", got, want)
	}
	if other, ok := decodeDiags(js); ok {
		t.Errorf("JSON read as %+v", other)
	}
	if encodeDiags(nil) != nil {
		t.Error("no problems take bytes")
	}
	if none, ok := decodeDiags(nil); !ok || none != nil {
		t.Errorf("no problems read as %v, %v", none, ok)
	}
	// Invalid UTF-8 in a source line stays as the cold build has it.
	raw := diag.List{{Severity: diag.Error, File: "f", Source: "a\xffb"}}
	if back, ok := decodeDiags(encodeDiags(raw)); !ok || back[0].Source != "a\xffb" {
		t.Errorf("raw bytes read as %q", back[0].Source)
	}
	for n := 1; n < len(data); n++ {
		if _, ok := decodeDiags(data[:n]); ok {
			t.Errorf("cut at %d of %d read", n, len(data))
		}
	}
	for i := range data {
		for _, bit := range []byte{1, 0x40, 0x80} {
			b := append([]byte(nil), data...)
			b[i] ^= bit
			decodeDiags(b) // must not panic
		}
	}
	deep := i18n.Lit("x")
	for range maxTextDepth + 2 {
		deep = i18n.T("k", deep)
	}
	if _, ok := decodeDiags(encodeDiags(diag.List{{Message: deep}})); ok {
		t.Error("a message nested past maxTextDepth read")
	}
}

package load

import (
	"strings"
	"testing"
	"unsafe"
)

// A project's indicator rows and their weights and scores are read into
// one allocation, not three a row.
func TestIndicatorRowsAtOnce(t *testing.T) {
	var b strings.Builder
	b.WriteString("title = \"t\"\n[[projects]]\nid = \"p\"\nname = \"项目\"\n")
	for range 5 {
		b.WriteString("[[projects.indicators]]\nname = \"x\"\ntarget = \"≥90%\"\nactual = \"95%\"\nweight = 10\nscore = 9.5\n")
	}
	s, diags := Site(site(b.String()))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	ins := s.Bureaus[0].Reports[0].Projects[0].Indicators
	if len(ins) != 5 {
		t.Fatalf("%d rows", len(ins))
	}
	size := unsafe.Sizeof(indicatorRow{})
	first := uintptr(unsafe.Pointer(ins[0]))
	for i, in := range ins {
		at := uintptr(unsafe.Pointer(in))
		if at != first+uintptr(i)*size {
			t.Errorf("row %d is not in its project's slab of rows", i+1)
		}
		if w, sc := uintptr(unsafe.Pointer(in.Weight)), uintptr(unsafe.Pointer(in.Score)); w < at || w >= at+size || sc < at || sc >= at+size {
			t.Errorf("row %d: its weight and score are allocated apart", i+1)
		}
		if *in.Weight != 1000 || *in.Score != 950 {
			t.Errorf("row %d: weight %v, score %v", i+1, *in.Weight, *in.Score)
		}
	}
}

// A second project or metric of the same id is an error at the second,
// once (the ids are looked for among those before, without a map).
func TestDuplicateIDs(t *testing.T) {
	_, diags := Site(site("title = \"t\"\n[[projects]]\nid = \"a\"\nname = \"甲\"\n[[projects]]\nid = \"b\"\nname = \"乙\"\n[[projects]]\nid = \"a\"\nname = \"丙\"\n" +
		"[[metrics]]\nid = \"m\"\nname = \"指标\"\nvalue = 1\n[[metrics]]\nid = \"m\"\nname = \"指标\"\nvalue = 2\n[[metrics]]\nid = \"n\"\nname = \"指标\"\nvalue = 3\n"))
	var got []string
	for _, d := range diags {
		got = append(got, d.Message.Key)
		if d.Message.Key == "load.dup_project" && d.Line != 9 {
			t.Errorf("duplicate project at line %d", d.Line)
		}
	}
	if strings.Join(got, " ") != "load.dup_project load.dup_metric" {
		t.Errorf("problems %q, want one duplicate project and one duplicate metric", got)
	}
}

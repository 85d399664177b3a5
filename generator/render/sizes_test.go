package render

import (
	"testing"
	"unsafe"
)

// A figure's two flags share one word: 88 bytes, not 96 (a report's
// views hold a dozen figures a project until its page is written).
func TestFigureSize(t *testing.T) {
	if n := unsafe.Sizeof(Figure{}); n != 88 {
		t.Errorf("a figure is %d bytes, want 88", n)
	}
}

// A report's project views are one block and each project's fund rows
// are made at their number: a view is 1,304 bytes, rounded to 1,408
// one at a time, and a fund row 368, grown a doubling at a time.
func TestProjectViewsInOneBlock(t *testing.T) {
	s, r := oneSynthReport(t)
	if len(r.Projects) < 2 {
		t.Fatal("the synthetic report has fewer than two projects")
	}
	v := newReportView(r, s.Config.Scoring)
	funds := 0
	for i, pv := range v.Projects {
		if i > 0 && uintptr(unsafe.Pointer(pv))-uintptr(unsafe.Pointer(v.Projects[i-1])) != unsafe.Sizeof(ProjectView{}) {
			t.Errorf("project %d's view is not next to the one before", i)
		}
		if cap(pv.Funds) != len(pv.Funds) {
			t.Errorf("%s: %d fund rows in room for %d", pv.ID, len(pv.Funds), cap(pv.Funds))
		}
		funds += len(pv.Funds)
	}
	if funds == 0 {
		t.Error("no project has fund rows: the test says little")
	}
}

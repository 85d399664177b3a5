package render

import (
	"bytes"
	"testing"

	"github.com/disclose-portal/disclose/generator/charts"
	"github.com/disclose-portal/disclose/generator/internal/allocs"
)

// A report's narrative HTML is the converter's buffer, not a copy of it
// in a string: rendering it allocates less than converting it and
// copying its HTML once (it allocated that copy more, ~6 KB a report).
func TestNarrativeNotCopied(t *testing.T) {
	r := defaultRenderer(t)
	_, rep := oneSynthReport(t)
	cs, _ := charts.Report(rep)
	byName := byName(cs)
	html, bad, err := r.narrative(rep, byName)
	want, _, _ := r.md.ConvertCharts(rep.Narrative, r.placer(byName))
	if err != nil || len(bad) > 0 || !bytes.Equal([]byte(html), want) {
		t.Fatalf("narrative differs from ConvertCharts (%v, %d bad)", err, len(bad))
	}
	got := allocs.Bytes(10, func() { r.narrative(rep, byName) })
	conv := allocs.Bytes(10, func() { r.md.ConvertCharts(rep.Narrative, r.placer(byName)) })
	t.Logf("%d B of HTML; narrative allocates %d B, ConvertCharts %d B", len(html), got, conv)
	if got >= conv+uint64(len(html))/2 {
		t.Errorf("narrative allocates %d B, ConvertCharts %d B: want less than half the HTML's %d B more", got, conv, len(html))
	}
}

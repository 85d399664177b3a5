package charts

import (
	"bytes"
	"testing"

	"github.com/disclose-portal/disclose/generator/internal/allocs"
	"github.com/disclose-portal/disclose/generator/synth"
)

// A report's bars are written and drawn into the page's buffer when the
// page is, not kept written on each chart until then (and copied): making
// a report's charts allocates less than twice the bytes they write (2.8
// times when each chart kept its option and drawing), and writing them
// into a reused buffer a fraction of that (the drawing's own layout). Written twice, they are the same.
func TestChartsWrittenWithPage(t *testing.T) {
	if raceEnabled {
		t.Skip("pools drop buffers under the race detector")
	}
	s := synthReports(t, synth.Options{Bureaus: 2, Years: 2, Seed: 3})
	var buf []byte
	for _, r := range s.Bureaus[0].Reports {
		cs, err := Report(r)
		if err != nil {
			t.Fatal(err)
		}
		written := 0
		for _, c := range cs {
			buf = c.AppendOption(c.AppendSVG(buf[:0]))
			written += len(buf)
			again := c.AppendOption(c.AppendSVG(nil))
			if !bytes.Equal(again, buf) {
				t.Errorf("%s: written twice, different bytes", c.ID)
			}
		}
		made := allocs.Bytes(3, func() { cs, _ = Report(r) })
		write := allocs.Bytes(3, func() {
			for _, c := range cs {
				buf = c.AppendOption(c.AppendSVG(buf[:0]))
			}
		})
		t.Logf("%s: %d charts write %d B; made in %d B, written in %d B", r.File, len(cs), written, made, write)
		if made > 2*uint64(written) || write > uint64(written)/4 {
			t.Errorf("%s: %d charts write %d B; making them allocates %d B (want < %d), writing them %d B (want < %d)", r.File, len(cs), written, made, 2*written, write, written/4)
		}
	}
}

package opendata

import (
	"bytes"
	"testing"
	"unsafe"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/internal/allocs"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/synth"
)

// A bureau's rows given back (RowBuffer.Release) are not allocated again
// for the next bureau: writing a bureau's open data and giving its rows
// back allocates at least their size less than keeping them (before,
// each report's rows were cloned whether kept or not).
func TestRowBufferReused(t *testing.T) {
	syn, _ := load.Site(synth.MapFS(synth.Options{Bureaus: 1, Years: 4, Seed: 5}))
	reports := syn.Bureaus[0].Reports
	_, _, staged := stagedSynthReport(t)
	rows, buf := WriteReportsOf(reports, syn.Config, nil, staged)
	size := rowsSize(rows)
	buf.Release()
	for range 4 * cap(freeDocs) { // documents and buffers fitted to these reports
		_, buf := WriteReportsOf(reports, syn.Config, nil, staged)
		buf.Release()
	}
	given := allocs.Bytes(5, func() {
		_, buf := WriteReportsOf(reports, syn.Config, nil, staged)
		buf.Release()
	})
	kept := allocs.Bytes(5, func() { WriteReportsOf(reports, syn.Config, nil, staged) })
	if given+uint64(size)*3/4 > kept {
		t.Errorf("rows given back: %d bytes allocated a bureau, kept: %d; its rows are %d bytes", given, kept, size)
	}
}

// Rows kept are not written by later bureaus; rows given back are the
// next bureau's buffer, and a second Release does not give the buffer
// to two bureaus at once.
func TestRowBufferLent(t *testing.T) {
	syn, _ := load.Site(synth.MapFS(synth.Options{Bureaus: 2, Years: 2, Seed: 9}))
	_, _, staged := stagedSynthReport(t)
	write := func(b *budget.Bureau) (Rows, *RowBuffer) {
		return WriteReportsOf(b.Reports, syn.Config, nil, staged)
	}
	first, _ := write(syn.Bureaus[0])
	want := cloneRows(first)
	for range 3 * cap(freeRowBuffers) {
		_, buf := write(syn.Bureaus[1])
		buf.Release()
		buf.Release()
	}
	for k := range want {
		for i := range want[k] {
			if !bytes.Equal(first[k][i], want[k][i]) {
				t.Fatalf("table %d, report %d: rows kept were written by a later bureau", k, i)
			}
		}
	}
	for len(freeRowBuffers) > 0 { // then only buf is in the list, fitted to the bureau
		freeRowBuffers.Take()
	}
	var buf *RowBuffer
	for range 3 {
		_, buf = write(syn.Bureaus[1])
		buf.Release()
	}
	lent := buf.buf[:cap(buf.buf)]
	buf.Release()
	if len(freeRowBuffers) != 1 {
		t.Fatalf("released twice: %d buffers in the list, want 1", len(freeRowBuffers))
	}
	if third, _ := write(syn.Bureaus[1]); !within(third, lent) {
		t.Error("the rows given back were not the next bureau's buffer")
	}
	if fourth, _ := write(syn.Bureaus[0]); within(fourth, lent) {
		t.Error("a buffer given back twice was lent to two bureaus")
	}
}

// within reports whether every row of rows is in buf's memory.
func within(rows Rows, buf []byte) bool {
	start := uintptr(unsafe.Pointer(unsafe.SliceData(buf)))
	for _, t := range rows {
		for _, r := range t {
			if p := uintptr(unsafe.Pointer(unsafe.SliceData(r))); len(r) > 0 && (p < start || p+uintptr(len(r)) > start+uintptr(len(buf))) {
				return false
			}
		}
	}
	return true
}

func rowsSize(rows Rows) int {
	n := 0
	for _, t := range rows {
		for _, r := range t {
			n += len(r)
		}
	}
	return n
}

func cloneRows(rows Rows) Rows {
	c := make(Rows, len(rows))
	for k := range rows {
		for _, r := range rows[k] {
			c[k] = append(c[k], bytes.Clone(r))
		}
	}
	return c
}

package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/synth"
)

// The parts copied from sameParts leave every workbook's bytes as they
// were with every part compressed afresh: the corpus, the example and
// synthetic reports (many sheet counts, amount formats and dates),
// written twice so that the second takes every shared part from the
// cache, and with the cache full.
func TestSamePartsByteIdentical(t *testing.T) {
	reports := corpus(t)
	for seed := range uint64(3) {
		s, _ := load.Site(synth.MapFS(synth.Options{Bureaus: 4, Years: 3, Seed: seed + 1}))
		for _, b := range s.Bureaus {
			reports = append(reports, b.Reports...)
		}
	}
	undated := *reports[0]
	undated.Published = budget.Date{}
	reports = append(reports, &undated)
	check := func(round string) {
		for _, r := range reports {
			want, err := write(r, false)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Write(r)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("%s: %s %d: workbook differs (%d bytes, want %d)", round, r.Bureau.Slug, r.Year, len(got), len(want))
			}
		}
	}
	check("first")
	check("cached")
	if n := len(sameParts.m); n < 4 {
		t.Errorf("%d shared parts cached, want the few that repeat", n)
	}
	// Filled up: parts not in it are compressed as before.
	sameParts.mu.Lock()
	saved := sameParts.m
	sameParts.m = map[string]*deflatedPart{}
	for i := range maxSameParts {
		sameParts.m[string(rune(i))] = nil
	}
	sameParts.mu.Unlock()
	check("full")
	sameParts.mu.Lock()
	sameParts.m = saved
	sameParts.mu.Unlock()
}

// The header a shared part is written with is CreateHeader's, in dates
// from the zip epoch on, with odd seconds and a time of day too (the
// MS-DOS time halves them) and outside UTC.
func TestHeaderLike(t *testing.T) {
	for _, date := range []time.Time{
		time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2023, 5, 15, 0, 0, 0, 0, time.UTC),
		time.Date(2031, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(2099, 2, 28, 13, 7, 30, 0, time.FixedZone("CST", 8*3600)),
	} {
		sameHeader(t, date)
	}
}

func sameHeader(t *testing.T, date time.Time) {
	var a, b bytes.Buffer
	for i, buf := range []*bytes.Buffer{&a, &b} {
		zw := zip.NewWriter(buf)
		zw.RegisterCompressor(zip.Deflate, newFixedCompressor)
		data := []byte("<x/>")
		if i == 0 {
			w, err := zw.CreateHeader(&zip.FileHeader{Name: "p.xml", Method: zip.Deflate, Modified: date})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(data)
		} else {
			like, err := headerLike(date)
			if err != nil {
				t.Fatal(err)
			}
			c, _ := sameParts.get(new(deflater), data)
			fh := *like
			fh.Name, fh.CRC32 = "p.xml", c.crc
			fh.CompressedSize64, fh.UncompressedSize64 = uint64(len(c.deflated)), uint64(len(data))
			w, err := zw.CreateRaw(&fh)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(c.deflated)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatalf("%v: raw part's zip differs:\n%x\n%x", date, a.Bytes(), b.Bytes())
	}
}

// fixedCompressor is deflater.deflate as a zip compressor, for the
// header CreateHeader makes of a part compressed through it.
type fixedCompressor struct {
	w   io.Writer
	buf []byte
}

func newFixedCompressor(w io.Writer) (io.WriteCloser, error) { return &fixedCompressor{w: w}, nil }

func (c *fixedCompressor) Write(p []byte) (int, error) {
	c.buf = append(c.buf, p...)
	return len(p), nil
}

func (c *fixedCompressor) Close() error {
	_, err := c.w.Write(new(deflater).deflate(nil, c.buf))
	return err
}

// WriteBuffer passes the bytes Write returns, and its buffer is the
// deflater's: Write's copy is the only one, made from it.
func TestWriteBuffer(t *testing.T) {
	for _, r := range corpus(t) {
		want, err := Write(r)
		if err != nil {
			t.Fatal(err)
		}
		var got []byte
		if err := WriteBuffer(r, func(data []byte) { got = append(got[:0], data...) }); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("%s %d: WriteBuffer differs from Write", r.Bureau.Slug, r.Year)
		}
		var passed []byte
		if err := WriteBuffer(r, func(data []byte) { passed = data }); err != nil {
			t.Fatal(err)
		}
		shared := false
		var free []*deflater
		for len(freeDeflaters) > 0 {
			d := <-freeDeflaters
			free = append(free, d)
			shared = shared || cap(d.zip) > 0 && &d.zip[:1][0] == &passed[0]
		}
		for _, d := range free {
			putDeflater(d)
		}
		if !shared {
			t.Fatalf("%s %d: WriteBuffer passed a copy, not the deflater's buffer", r.Bureau.Slug, r.Year)
		}
	}
}

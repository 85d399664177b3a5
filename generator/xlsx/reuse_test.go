package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/synth"
)

// A workbook written with the sheets, rows and buffers of the last one
// (a build writes one per report on each core) has the bytes of one
// written afresh: reports with more and fewer sheets, merged ranges,
// columns and rows than the one before, forward and backward.
func TestWriteReusedAsFresh(t *testing.T) {
	reports := corpus(t)
	s, _ := load.Site(synth.MapFS(synth.Options{Bureaus: 2, Years: 3, Seed: 9}))
	for _, b := range s.Bureaus {
		reports = append(reports, b.Reports...)
	}
	order := append(slices.Clone(reports), reports[len(reports)/2:]...)
	for i := len(reports) - 1; i >= 0; i-- {
		order = append(order, reports[i])
	}
	for _, r := range order {
		got, err := Write(r) // with the last report's deflater
		if err != nil {
			t.Fatal(err)
		}
		for len(freeDeflaters) > 0 {
			<-freeDeflaters
		}
		want, err := Write(r) // with a new one
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("%s %d: written with a used deflater, the workbook differs", r.Bureau.Slug, r.Year)
		}
		if len(freeDeflaters) == 0 {
			t.Fatal("the deflater was not kept for the next workbook")
		}
	}
}

// The sheets and rows of the last workbook are filled again, not made
// anew: a workbook of many sheets allocates fewer times with a used
// deflater than with a new one, by 16 a sheet at least (by 13 when each
// sheet was made anew, by 22 now).
func TestWriteReuseAllocates(t *testing.T) {
	s, _ := load.Site(synth.MapFS(synth.Options{Bureaus: 1, Years: 1, Seed: 3}))
	r := s.Bureaus[0].Reports[0]
	sheets := len(r.Projects) + 2
	use := func([]byte) {}
	reused := testing.AllocsPerRun(20, func() { WriteBuffer(r, use) })
	fresh := testing.AllocsPerRun(20, func() {
		for len(freeDeflaters) > 0 {
			<-freeDeflaters
		}
		WriteBuffer(r, use)
	})
	if reused > fresh-float64(16*sheets) {
		t.Errorf("%.0f allocations with a used deflater, %.0f with a new one: want %d fewer at least", reused, fresh, 16*sheets)
	}
	// Nor are the rows of its blocks (40 a sheet now, 55 when each
	// heading and money row was a new slice), besides what archive/zip
	// allocates for the workbook's parts (a header and a writer each),
	// measured here.
	wb, err := Write(r)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(wb), int64(len(wb)))
	if err != nil {
		t.Fatal(err)
	}
	bw := bufio.NewWriterSize(nil, 4096)
	like, _ := headerLike(time.Time{})
	zipped := testing.AllocsPerRun(20, func() {
		var out appendWriter
		bw.Reset(&out)
		zw := zip.NewWriter(bw)
		for _, f := range zr.File {
			fh := *like
			fh.Name = f.Name
			w, _ := zw.CreateRaw(&fh)
			w.Write(nil)
		}
		zw.Close()
	})
	if limit := float64(45*sheets) + zipped; reused > limit {
		t.Errorf("%.0f allocations for a workbook of %d sheets and %d parts, want %.0f at most", reused, sheets, len(zr.File), limit)
	}
}

// plainText, which checks most characters a byte at a time, accepts
// exactly the text in which every rune decodes and XML carries it:
// cut, stray and overlong sequences, surrogates, U+FFFD–U+FFFF, control
// characters, among Chinese and full-width text, and random bytes.
func TestPlainText(t *testing.T) {
	byRune := func(v string) bool {
		for _, r := range v {
			if r == utf8.RuneError || !xmlChar(r) {
				return false
			}
		}
		return true
	}
	cases := []string{"", "项目资金（万元）：", "a\tb\n\r", "\x01", "\x7f", "\xe6\x9c", "\xe6\x9cA", "\xe0\x80\x80", "\xe0\xa0\x80",
		"\xed\xa0\x80", "\xed\x9f\xbf", "\xef\xbf\xbd", "\xef\xbf\xbe", "\xef\xbf\xbf", "\xef\xbc\x88", "\xef\xbc", "\xe2\x80\xa8",
		"\xc2\x85", "\xf0\x9f\x98\x80", "\xf4\x90\x80\x80", "\x80", "\xee\x80\x80"}
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []byte{'a', '\t', 0x01, 0x7f, 0x80, 0x9f, 0xa0, 0xbc, 0xbd, 0xbe, 0xbf, 0xc2, 0xe0, 0xe2, 0xe6, 0xed, 0xee, 0xef, 0xf0, 0xf4, 0xff}
	for range 200000 {
		b := make([]byte, rng.IntN(7))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	for _, v := range cases {
		if got, want := plainText(v), byRune(v); got != want {
			t.Fatalf("plainText(%q) = %v, want %v", v, got, want)
		}
	}
}

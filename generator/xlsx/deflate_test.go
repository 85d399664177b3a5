package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/synth"
)

// What deflate writes inflates to its input with compress/flate's
// reader (the one archive/zip and excelize use): text of repeats
// (matches of every length up to 258, distances to the window's end),
// random bytes (literals only), short inputs and the empty one.
func TestDeflateRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := func(n int, alphabet int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.IntN(alphabet))
		}
		return b
	}
	var xml bytes.Buffer
	for r := 1; xml.Len() < 200<<10; r++ {
		xml.WriteString(`<row r="` + strings.Repeat("9", r%7) + `"><c r="B7" s="2" t="s"><v>12</v></c>项目资金（万元）</row>`)
	}
	inputs := [][]byte{
		nil, []byte("a"), []byte("abcd"), []byte("abcdabcdabcd"),
		bytes.Repeat([]byte("x"), 1000),            // one long run: matches of distance 1
		bytes.Repeat([]byte("0123456789"), 100000), // longest matches, many
		xml.Bytes(),
		random(100000, 256), // nothing to match
		random(100000, 4),   // short matches everywhere
	}
	// A match exactly a window away, and one just beyond it.
	far := random(deflateWindow+100, 256)
	copy(far[deflateWindow:], far[:100])
	inputs = append(inputs, far, append([]byte{0}, far...))
	for k := 0; k < 200; k++ {
		base := random(rng.IntN(300)+1, 256)
		var b []byte
		for len(b) < 5000 {
			if rng.IntN(3) == 0 {
				b = append(b, random(rng.IntN(20), 256)...)
			} else {
				start := rng.IntN(len(base))
				b = append(b, base[start:start+rng.IntN(len(base)-start)]...)
			}
		}
		inputs = append(inputs, b)
	}
	d := new(deflater)
	for i, in := range inputs {
		if i == 6 {
			d.base = 1<<30 - 100 // the next input makes it start over
		}
		z := d.deflate(nil, in)
		got, err := io.ReadAll(flate.NewReader(bytes.NewReader(z)))
		if err != nil {
			t.Fatalf("input %d (%d bytes): %v", i, len(in), err)
		}
		if !bytes.Equal(got, in) {
			t.Fatalf("input %d (%d bytes): inflated to %d bytes that differ", i, len(in), len(got))
		}
		// What earlier inputs left in d's table changes nothing.
		if fresh := new(deflater).deflate(nil, in); !bytes.Equal(z, fresh) {
			t.Fatalf("input %d: deflated by a used deflater differs from a new one's", i)
		}
		if i == 5 && len(z) > len(in)/20 {
			t.Errorf("repeated text deflated to %d bytes of %d: matches not found", len(z), len(in))
		}
	}
}

// FuzzDeflate checks the round trip on any input.
func FuzzDeflate(f *testing.F) {
	f.Add([]byte("<c r=\"A1\"/><c r=\"A2\"/><c r=\"A3\"/>"))
	f.Fuzz(func(t *testing.T, in []byte) {
		z := new(deflater).deflate(nil, in)
		got, err := io.ReadAll(flate.NewReader(bytes.NewReader(z)))
		if err != nil || !bytes.Equal(got, in) {
			t.Fatalf("round trip: %v", err)
		}
	})
}

// BenchmarkDeflate deflates the parts of synthetic workbooks and reports
// their deflated size in per cent of the XML.
func BenchmarkDeflate(b *testing.B) {
	s, _ := load.Site(synth.MapFS(synth.Options{Bureaus: 5, Years: 2, Seed: 1}))
	var parts [][]byte
	var in int
	for _, bu := range s.Bureaus {
		for _, r := range bu.Reports {
			data, err := Write(r)
			if err != nil {
				b.Fatal(err)
			}
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				b.Fatal(err)
			}
			for _, f := range zr.File {
				rc, _ := f.Open()
				p, _ := io.ReadAll(rc)
				parts = append(parts, p)
				in += len(p)
			}
		}
	}
	d := new(deflater)
	var out []byte
	var n int
	b.SetBytes(int64(in))
	for b.Loop() {
		n = 0
		for _, p := range parts {
			out = d.deflate(out[:0], p)
			n += len(out)
		}
	}
	b.ReportMetric(100*float64(n)/float64(in), "%size")
}

// deflate writes the bytes refDeflate (the codes computed for each
// symbol, before they were packed into tables) writes, on the round
// trip's inputs and the parts of synthetic workbooks.
func TestDeflateAsReference(t *testing.T) {
	inputs := [][]byte{nil, []byte("abcdabcdabcd"), bytes.Repeat([]byte("0123456789"), 10000)}
	rng := rand.New(rand.NewPCG(3, 4))
	for k := 0; k < 100; k++ {
		b := make([]byte, rng.IntN(70000))
		alphabet := 1 + rng.IntN(256)
		for i := range b {
			if i > 300 && rng.IntN(4) > 0 { // a repeat from up to the window back
				n := min(rng.IntN(300)+3, len(b)-i)
				from := max(0, i-1-rng.IntN(deflateWindow+10))
				copy(b[i:i+n], b[from:from+n])
				i += n - 1
				continue
			}
			b[i] = byte(rng.IntN(alphabet))
		}
		inputs = append(inputs, b)
	}
	s, _ := load.Site(synth.MapFS(synth.Options{Bureaus: 3, Years: 2, Seed: 7}))
	for _, bu := range s.Bureaus {
		for _, r := range bu.Reports {
			data, err := Write(r)
			if err != nil {
				t.Fatal(err)
			}
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range zr.File {
				rc, _ := f.Open()
				p, _ := io.ReadAll(rc)
				inputs = append(inputs, p)
			}
		}
	}
	d, ref := new(deflater), new(deflater)
	for i, in := range inputs {
		if got, want := d.deflate(nil, in), ref.refDeflate(nil, in); !bytes.Equal(got, want) {
			t.Fatalf("input %d (%d bytes): deflate wrote %d bytes, the reference %d, not the same", i, len(in), len(got), len(want))
		}
	}
}

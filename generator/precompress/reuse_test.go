package precompress

import (
	"bytes"
	"runtime"
	"runtime/debug"
	"sort"
	"testing"

	"github.com/andybalholm/brotli"
)

// A reused brotli writer makes the bytes a new one makes, whatever it
// compressed before (larger, smaller, empty), and keeps its match finder:
// a copy after the first allocates a fraction of the 32 MB a new writer
// does.
func TestBrotliWriterReused(t *testing.T) {
	assets := defaultAssets(t)
	var names []string
	for p := range assets {
		if Compressible(p) && len(assets[p]) < 64<<10 { // quality 11 takes seconds a megabyte
			names = append(names, p)
		}
	}
	sort.Strings(names)
	inputs := [][]byte{nil, []byte("a"), bytes.Repeat([]byte("报告 report "), 5000)}
	for _, p := range names[:min(len(names), 4)] {
		inputs = append(inputs, assets[p])
	}
	fresh := func(data []byte) []byte {
		var b bytes.Buffer
		w := brotli.NewWriterLevel(&b, brotli.BestCompression)
		w.Write(data)
		w.Close()
		return b.Bytes()
	}
	for round, order := range [][]int{forward(len(inputs)), backward(len(inputs))} {
		for _, i := range order {
			if got, want := Brotli(inputs[i]), fresh(inputs[i]); !bytes.Equal(got, want) {
				t.Fatalf("round %d, input %d (%d bytes): a reused writer made %d bytes that differ from a new one's %d", round, i, len(inputs[i]), len(got), len(want))
			}
		}
	}
	defer debug.SetGCPercent(debug.SetGCPercent(-1)) // the pool is kept
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))  // and is this core's
	Brotli(inputs[2])
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	Brotli(inputs[2])
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 8<<20 {
		t.Errorf("a copy by a reused writer allocated %d bytes", got)
	}
}

func forward(n int) []int {
	o := make([]int, n)
	for i := range o {
		o[i] = i
	}
	return o
}

func backward(n int) []int {
	o := forward(n)
	for i, j := 0, n-1; i < j; i, j = i+1, j-1 {
		o[i], o[j] = o[j], o[i]
	}
	return o
}

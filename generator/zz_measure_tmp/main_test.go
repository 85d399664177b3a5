package measure

import (
	"compress/gzip"
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/disclose-portal/disclose/generator/discover"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/synth"
)

func TestMeasure(t *testing.T) {
	for _, b := range []int{100, 1000} {
		src := synth.MapFS(synth.Options{Bureaus: b, Years: 10, Seed: 1})
		s, _ := load.Site(src)
		n := 0
		for _, bu := range s.Bureaus { n += len(bu.Reports) }
		start := time.Now()
		ix := discover.SearchIndex(s)
		js := ix.JS()
		d := time.Since(start)
		var gz bytes.Buffer
		w, _ := gzip.NewWriterLevel(&gz, 6)
		w.Write(js)
		w.Close()
		fmt.Printf("reports %d docs %d terms %d: %d bytes (%.0f B/report), gzip %d (%.0f B/report), %v\n", n, len(ix.Docs), len(ix.Terms), len(js), float64(len(js))/float64(n), gz.Len(), float64(gz.Len())/float64(n), d)
	}
}

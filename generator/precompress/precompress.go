// Package precompress writes the precompressed copies of the theme's
// assets that web servers can send as they are (nginx gzip_static and
// brotli_static, Apache with mod_rewrite; docs/hosting.md): beside every
// asset, assets/x.js.gz (gzip at its best compression) and assets/x.js.br
// (brotli at quality 11), each only when it is smaller than the asset.
//
// The bytes depend on the asset's bytes and the encoders only: the gzip
// header carries no name and no time, so two builds write the same files.
// Brotli at quality 11 takes about 3 s for the ECharts build, so the
// copies of the vendored third-party assets are made at development time
// and embedded (themes.Precompressed, by the asset's digest; checked to
// decompress to the asset before use), and the others are kept by the
// asset's digest: in memory for the life of the
// process (serve's rebuilds, tests) and in the site's cache folder
// (Store, package buildcache) between builds; a rebuild after an edit
// compresses nothing unless the theme changed.
package precompress

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"path"
	"runtime"
	"runtime/debug"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/andybalholm/brotli"

	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/parallel"
	"github.com/disclose-portal/disclose/themes"
)

// Encoding is one kind of precompressed copy.
type Encoding struct {
	Ext    string // the suffix of the copy's name: ".gz", ".br"
	Name   string // its Content-Encoding: gzip, br
	encode func([]byte) []byte
}

// Encodings are the copies written beside each asset.
var Encodings = []Encoding{
	{Ext: ".gz", Name: "gzip", encode: Gzip},
	{Ext: ".br", Name: "br", encode: Brotli},
}

// Gzip compresses data as `gzip -9 -n` would: best compression, no name
// and no time in the header.
func Gzip(data []byte) []byte {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression) // the level is valid
	w.Write(data)                                         // a bytes.Buffer does not fail
	w.Close()
	return b.Bytes()
}

// Brotli compresses data at brotli's best quality (11).
func Brotli(data []byte) []byte {
	var b bytes.Buffer
	w := brotli.NewWriterLevel(&b, brotli.BestCompression)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// Store keeps compressed copies between runs under a name made of the
// digest of what was compressed and of the encoders (buildcache.Cache).
type Store interface {
	// Compressed returns the copy kept under name, exactly as it was
	// kept; false when there is none.
	Compressed(name string) ([]byte, bool)
	// KeepCompressed keeps a copy under name.
	KeepCompressed(name string, data []byte)
}

// Job compresses a build's assets in the background, while the pages are
// rendered.
type Job struct {
	tasks map[string]*task // path of the copy → its making
	done  chan struct{}    // closed when every copy is made
}

type task struct {
	data []byte // the asset
	enc  Encoding
	out  []byte // the copy
	done chan struct{}
}

// Start compresses the files (path under the site root → bytes; the
// theme's assets) in the background. store may be nil (nothing kept
// between processes). Once ctx is done, the copies not begun are not
// made (Copy and Copies then leave them out).
func Start(ctx context.Context, files map[string][]byte, store Store) *Job {
	j := &Job{tasks: map[string]*task{}, done: make(chan struct{})}
	var order []string
	for p, data := range files {
		if !Compressible(p) {
			continue
		}
		for _, enc := range Encodings {
			j.tasks[p+enc.Ext] = &task{data: data, enc: enc, done: make(chan struct{})}
			order = append(order, p+enc.Ext)
		}
	}
	// Every gzip copy first (they take milliseconds: serve may be waiting
	// for one), then the largest first (the ECharts build's brotli copy
	// is most of the work).
	sort.Slice(order, func(a, b int) bool {
		ta, tb := j.tasks[order[a]], j.tasks[order[b]]
		if ia, ib := encIndex(ta.enc), encIndex(tb.enc); ia != ib {
			return ia < ib
		}
		if len(ta.data) != len(tb.data) {
			return len(ta.data) > len(tb.data)
		}
		return order[a] < order[b]
	})
	go func() {
		defer close(j.done)
		parallel.For(len(order), func(i int) {
			t := j.tasks[order[i]]
			if ctx.Err() == nil {
				t.out = compressed(t.data, t.enc, store)
			} else {
				t.out = t.data // not smaller: no copy
			}
			close(t.done)
		})
	}()
	return j
}

func encIndex(e Encoding) int {
	for i, x := range Encodings {
		if x.Ext == e.Ext {
			return i
		}
	}
	return len(Encodings)
}

// Copy waits for the copy at path p and returns it; false when there is
// no such copy (p is no asset's copy, or compressing the asset did not
// make it smaller).
func (j *Job) Copy(p string) ([]byte, bool) {
	t, ok := j.tasks[p]
	if !ok {
		return nil, false
	}
	<-t.done
	return t.out, len(t.out) < len(t.data)
}

// Copies waits for every copy and returns them (path → bytes): the ones
// smaller than their asset.
func (j *Job) Copies() map[string][]byte {
	<-j.done
	out := map[string][]byte{}
	for p, t := range j.tasks {
		if len(t.out) < len(t.data) {
			out[p] = t.out
		}
	}
	return out
}

// Wait returns once the job is over: no copy is being made or kept.
func (j *Job) Wait() { <-j.done }

// AddTo waits for every copy and adds them to files.
func (j *Job) AddTo(files *output.FileSet) {
	copies := j.Copies()
	ps := make([]string, 0, len(copies))
	for p := range copies {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	for _, p := range ps {
		files.Add(p, copies[p])
	}
}

// Compressible reports whether a file gets precompressed copies: any
// file but a copy itself and formats that are compressed already.
func Compressible(p string) bool {
	switch path.Ext(p) {
	case ".gz", ".br", ".zip", ".xlsx", ".docx", ".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".woff", ".woff2":
		return false
	}
	return true
}

// compressed is data compressed by enc: from the memory of this process,
// from the store, or compressed now (and kept in both).
func compressed(data []byte, enc Encoding, store Store) []byte {
	sum := sha256.Sum256(data)
	digest := hex.EncodeToString(sum[:])
	name := digest + "-" + encoders + enc.Ext
	m := memo.entry(name)
	fromStore := false
	m.once.Do(func() {
		if out, ok := vendored(digest, data, enc); ok {
			m.data, m.vendored = out, true
			return
		}
		if store != nil {
			if out, ok := store.Compressed(name); ok {
				m.data, fromStore = out, true
				return
			}
		}
		m.data = enc.encode(data)
		made.Add(1)
		if store != nil {
			store.KeepCompressed(name, m.data)
			fromStore = true
		}
	})
	if store != nil && !fromStore && !m.vendored {
		// Made earlier in this process: the store may lack it (another
		// cache folder).
		if _, ok := store.Compressed(name); !ok {
			store.KeepCompressed(name, m.data)
		}
	}
	return m.data
}

// encoders names the encoders' versions (Go's compress/gzip, the brotli
// module) and settings: a copy kept under another name was made by other
// encoders, whose bytes may differ.
var encoders = func() string {
	br := "unknown"
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if d.Path == "github.com/andybalholm/brotli" {
				br = d.Version
				if d.Replace != nil {
					br = d.Replace.Path + "@" + d.Replace.Version
				}
			}
		}
	}
	sum := sha256.Sum256([]byte("gzip 9 no header/" + runtime.Version() + "/brotli 11/" + br))
	return hex.EncodeToString(sum[:6])
}()

// made counts the copies this process compressed (for the tests).
var made atomic.Int64

// memo holds the copies this process made or read, by name: serve's
// rebuilds and the many builds of a test run compress each asset once.
var memo = &memory{entries: map[string]*memoEntry{}}

type memory struct {
	mu      sync.Mutex
	entries map[string]*memoEntry
}

type memoEntry struct {
	once     sync.Once
	data     []byte
	vendored bool // taken from the copies vendored with the themes
}

// vendored is the copy made at development time of an asset with these
// bytes (themes.Precompressed; the third-party assets, whose brotli copy
// is most of the work), when it decompresses to exactly data: a cold
// build then compresses only the theme's own small files.
func vendored(digest string, data []byte, enc Encoding) ([]byte, bool) {
	out, ok := themes.Precompressed(digest, enc.Ext)
	if !ok {
		return nil, false
	}
	var r io.Reader
	switch enc.Ext {
	case ".gz":
		zr, err := gzip.NewReader(bytes.NewReader(out))
		if err != nil {
			return nil, false
		}
		r = zr
	case ".br":
		r = brotli.NewReader(bytes.NewReader(out))
	default:
		return nil, false
	}
	if !decodesTo(r, data) {
		return nil, false
	}
	vendoredUsed.Add(1)
	return out, true
}

// decodesTo reports whether r yields exactly want, then ends.
func decodesTo(r io.Reader, want []byte) bool {
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		if n > len(want) || !bytes.Equal(buf[:n], want[:n]) {
			return false
		}
		want = want[n:]
		if err == io.EOF {
			return len(want) == 0
		}
		if err != nil {
			return false
		}
	}
}

// vendoredUsed counts the vendored copies this process used (for the
// tests).
var vendoredUsed atomic.Int64

// maxMemo bounds the memory: a theme being edited makes a new asset at
// every save.
const maxMemo = 64

func (m *memory) entry(name string) *memoEntry {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[name]
	if !ok {
		if len(m.entries) >= maxMemo {
			clear(m.entries)
		}
		e = &memoEntry{}
		m.entries[name] = e
	}
	return e
}

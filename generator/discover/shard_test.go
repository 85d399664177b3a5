package discover

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/disclose-portal/disclose/generator/internal/allocs"
)

// writeShardJSON is writeShard as it was, its terms through
// encoding/json, kept to hold the bytes to it.
func writeShardJSON(n int, terms []shardTerm) []byte {
	slices.SortFunc(terms, func(a, b shardTerm) int { return strings.Compare(a.term, b.term) })
	var b []byte
	b = append(b, "window.discloseSearch.terms("...)
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, ",{"...)
	for i, t := range terms {
		if i > 0 {
			b = append(b, ',')
		}
		key, _ := json.Marshal(t.term)
		b = append(b, key...)
		b = append(b, ":["...)
		for g, rest := 0, t.gaps; len(rest) > 0; g++ {
			v, k := binary.Uvarint(rest)
			if g > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendUint(b, v, 10)
			rest = rest[k:]
		}
		b = append(b, ']')
	}
	return append(b, "});\n"...)
}

// randomShard is terms with gaps of every size, some terms needing
// escaping (HTML's <, quotes, invalid UTF-8).
func randomShard(seed uint64, terms int) []shardTerm {
	rng := rand.New(rand.NewPCG(seed, 1))
	words := []string{"预算", "绩效", "a<b", `q"t`, "x&y", "\xff", "项目", "资金", "本级", string(TitleMark) + "标题", "2024", "年"}
	var ts []shardTerm
	for i := range terms {
		term := words[rng.IntN(len(words))] + strconv.Itoa(i)
		var gaps []byte
		for range 1 + rng.IntN(40) {
			gaps = binary.AppendUvarint(gaps, uint64(rng.IntN(1<<uint(1+rng.IntN(30)))))
		}
		ts = append(ts, shardTerm{term, gaps})
	}
	return ts
}

// TestWriteShardAsJSON holds writeShard to the former writer.
func TestWriteShardAsJSON(t *testing.T) {
	for seed := range uint64(20) {
		ts := randomShard(seed, int(seed)*37)
		got := writeShard(int(seed), slices.Clone(ts))
		if want := writeShardJSON(int(seed), ts); !bytes.Equal(got, want) {
			t.Fatalf("seed %d:\n got %.300s\nwant %.300s", seed, got, want)
		}
	}
	for _, v := range []uint64{0, 9, 10, 99, 100, 1<<63 - 1, 1<<64 - 1} {
		if got, want := decimalLen(v), len(strconv.FormatUint(v, 10)); got != want {
			t.Errorf("decimalLen(%d) = %d, want %d", v, got, want)
		}
	}
}

// TestWriteShardSized: a shard's buffer is allocated once, at its size
// (a guess had it grown: about twice its bytes allocated).
func TestWriteShardSized(t *testing.T) {
	ts := randomShard(3, 2000)
	for i := range ts {
		ts[i].term = strings.NewReplacer("<", "", `"`, "", "&", "", "\xff", "").Replace(ts[i].term)
	}
	size := len(writeShard(1, ts))
	got := allocs.Bytes(5, func() { writeShard(1, ts) })
	if got > uint64(size)+uint64(size)/64 {
		t.Errorf("writeShard allocates %d bytes for a shard of %d", got, size)
	}
}

// TestWriteDocsAsCall holds writeDocs to call("docs", …), the encoder it
// replaced, and bounds its allocation to its buffer.
func TestWriteDocsAsCall(t *testing.T) {
	odd := []string{"", "部门", "a<b>&c", `q"\`, "\x01\t\n", "\xff", "\u2028", "https://example.org/a?b=1&c=2"}
	var docs []Doc
	for i := range 200 {
		docs = append(docs, Doc{Kind: odd[i%len(odd)], Title: odd[(i/2)%len(odd)] + "标题", URL: odd[(i/3)%len(odd)], Context: odd[(i/5)%len(odd)]})
	}
	for _, n := range []int{0, 1, 7, 200} {
		rows := make([][4]string, 0, n)
		for _, d := range docs[:n] {
			rows = append(rows, [4]string{d.Kind, d.Title, d.URL, d.Context})
		}
		if got, want := writeDocs(n, docs[:n]), call("docs", n, rows); !bytes.Equal(got, want) {
			t.Fatalf("%d documents:\n got %.300s\nwant %.300s", n, got, want)
		}
	}
	plain := docs[:0:0]
	for i := range 500 {
		plain = append(plain, Doc{Kind: "项目", Title: "项目名称" + strconv.Itoa(i), URL: "bureau/2024/index.html#project-" + strconv.Itoa(i), Context: "某部门 · 2024年"})
	}
	size := len(writeDocs(3, plain))
	if got := allocs.Bytes(5, func() { writeDocs(3, plain) }); got > uint64(size)+uint64(size)/8 { // a large allocation is rounded up to pages
		t.Errorf("writeDocs allocates %d bytes for %d", got, size)
	}
}

package discover

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// An edit of one report changes a few terms of one bureau's part of the
// index; when its part has as many documents as before, no other
// document's number moves, and only the shards of the changed terms and
// the document files of the changed documents differ from the last
// build's. Patch makes just those from the files the last build wrote:
// at 10,000 reports, joining every bureau's part again and writing every
// file took 2.5 s of CPU for an edit that changes a few dozen posting
// lists.

// Stats returns the number of documents and of postings (a term's
// document, counted once for each) of the index.
func (ix *Index) Stats() (docs, postings int) {
	for _, ps := range ix.han {
		postings += ps.n
	}
	for _, ps := range ix.words {
		postings += ps.n
	}
	return ix.Len(), postings
}

// Shards is the number of term shards of an index that holds postings
// postings, as EachFile splits it.
func Shards(postings int) int { return 1 + postings/postingsPerShard }

// Docs returns the number of documents of a part.
func (p *Part) Docs() int { return len(p.docs) }

// Change replaces a part of an index, whose documents start at Base, by
// another with as many documents.
type Change struct {
	Base     int
	Old, New *Part
}

var errPatch = errors.New("discover: a file of the search index is not as the last build wrote it")

// Patch writes the files of an index of docs documents and postings
// postings that differ from those of the index the changes were made to,
// whose files read returns; it returns their paths. Every other file of
// that index is the same, byte for byte. It fails, having handed emit
// nothing, when a file read does not parse or does not hold what the
// changes' old parts say it does.
func Patch(docs, postings int, changes []Change, read func(p string) ([]byte, error), emit func(p string, data []byte)) ([]string, error) {
	shards := Shards(postings)
	type termChange struct {
		term string
		ch   int // index in changes
	}
	byShard := map[int][]termChange{}
	byChunk := map[int]bool{}
	for i, c := range changes {
		if c.Old.Docs() != c.New.Docs() || c.Base+c.New.Docs() > docs {
			return nil, fmt.Errorf("discover: a patch changes the number of documents")
		}
		for d := range c.New.docs {
			if c.Old.docs[d] != c.New.docs[d] {
				byChunk[(c.Base+d)/DocChunk] = true
			}
		}
		old := map[string][]byte{}
		for _, t := range c.Old.terms {
			old[string(t.term)] = t.gaps
		}
		changed := func(t string) {
			s := Shard(strings.TrimPrefix(t, string(TitleMark)), shards)
			byShard[s] = append(byShard[s], termChange{t, i})
		}
		for _, t := range c.New.terms {
			g, ok := old[string(t.term)]
			if !ok || !bytes.Equal(g, t.gaps) {
				changed(string(t.term))
			}
			delete(old, string(t.term))
		}
		for t := range old {
			changed(t)
		}
	}
	var out []string
	made := map[string][]byte{}
	for s, tcs := range byShard {
		name := SearchDir + "/t-" + strconv.Itoa(s) + ".js"
		data, err := read(name)
		if err != nil {
			return nil, err
		}
		lists, err := parseShard(data, s)
		if err != nil {
			return nil, err
		}
		for _, tc := range tcs {
			c := changes[tc.ch]
			lists[tc.term], err = splice(lists[tc.term], c.Base, c.Base+c.New.Docs(), c.Old.postingsOf(tc.term), c.New.postingsOf(tc.term))
			if err != nil {
				return nil, err
			}
			if len(lists[tc.term]) == 0 {
				delete(lists, tc.term)
			}
		}
		terms := make([]shardTerm, 0, len(lists))
		for t, l := range lists {
			terms = append(terms, shardTerm{t, gapsOf(l)})
		}
		made[name] = writeShard(s, terms)
	}
	for c := range byChunk {
		name := SearchDir + "/d-" + strconv.Itoa(c) + ".js"
		data, err := read(name)
		if err != nil {
			return nil, err
		}
		chunk, err := parseChunk(data, c)
		if err != nil {
			return nil, err
		}
		for _, ch := range changes {
			for d, doc := range ch.New.docs {
				if i := ch.Base + d - c*DocChunk; i >= 0 && i < len(chunk) {
					chunk[i] = [4]string{doc.Kind, doc.Title, doc.URL, doc.Context}
				}
			}
		}
		made[name] = call("docs", c, chunk)
	}
	for _, name := range slices.Sorted(maps.Keys(made)) {
		emit(name, made[name])
		out = append(out, name)
	}
	return out, nil
}

// postingsOf returns the documents of the part that hold term, from 0.
func (p *Part) postingsOf(term string) []int {
	for _, t := range p.terms { // looked up for the changed terms only
		if string(t.term) == term {
			var out []int
			d := 0
			for b := t.gaps; len(b) > 0; {
				g, k := binary.Uvarint(b)
				if k <= 0 {
					return nil
				}
				d += int(g)
				out = append(out, d)
				b = b[k:]
			}
			return out
		}
	}
	return nil
}

// splice replaces, in the ascending list, the documents from lo to hi
// (excluded), which must be old (from lo), by new (from lo).
func splice(list []int, lo, hi int, old, new []int) ([]int, error) {
	i := 0
	for i < len(list) && list[i] < lo {
		i++
	}
	j := i
	for j < len(list) && list[j] < hi {
		j++
	}
	if j-i != len(old) {
		return nil, errPatch
	}
	for k, d := range old {
		if list[i+k] != lo+d {
			return nil, errPatch
		}
	}
	out := make([]int, 0, len(list)-len(old)+len(new))
	out = append(out, list[:i]...)
	for _, d := range new {
		out = append(out, lo+d)
	}
	return append(out, list[j:]...), nil
}

// gapsOf encodes an ascending list as postings do.
func gapsOf(list []int) []byte {
	var b []byte
	last := 0
	for _, d := range list {
		b = binary.AppendUvarint(b, uint64(d-last))
		last = d
	}
	return b
}

// parseShard reads a file written by writeShard for shard n: each term's
// documents.
func parseShard(data []byte, n int) (map[string][]int, error) {
	prefix := string(appendCallStart(nil, "terms", n, '{'))
	if !bytes.HasPrefix(data, []byte(prefix)) || !bytes.HasSuffix(data, []byte("});\n")) {
		return nil, errPatch
	}
	b := data[len(prefix) : len(data)-len("});\n")]
	lists := map[string][]int{}
	for len(b) > 0 {
		if b[0] != '"' {
			return nil, errPatch
		}
		end := 1
		for end < len(b) && b[end] != '"' {
			if b[end] == '\\' {
				end++
			}
			end++
		}
		if end >= len(b) {
			return nil, errPatch
		}
		var term string
		if err := json.Unmarshal(b[:end+1], &term); err != nil {
			return nil, errPatch
		}
		b = b[end+1:]
		if !bytes.HasPrefix(b, []byte(":[")) {
			return nil, errPatch
		}
		b = b[2:]
		var list []int
		d := 0
		for len(b) > 0 && b[0] != ']' {
			k := 0
			for k < len(b) && b[k] >= '0' && b[k] <= '9' {
				k++
			}
			g, err := strconv.Atoi(string(b[:k]))
			if err != nil {
				return nil, errPatch
			}
			d += g
			list = append(list, d)
			b = b[k:]
			if len(b) > 0 && b[0] == ',' {
				b = b[1:]
			}
		}
		if len(b) == 0 {
			return nil, errPatch
		}
		b = b[1:] // ]
		lists[term] = list
		if len(b) > 0 {
			if b[0] != ',' {
				return nil, errPatch
			}
			b = b[1:]
		}
	}
	return lists, nil
}

// parseChunk reads a file of documents written for chunk c.
func parseChunk(data []byte, c int) ([][4]string, error) {
	prefix := "window.discloseSearch.docs(" + strconv.Itoa(c) + ","
	if !bytes.HasPrefix(data, []byte(prefix)) || !bytes.HasSuffix(data, []byte(");\n")) {
		return nil, errPatch
	}
	var docs [][4]string
	if err := json.Unmarshal(data[len(prefix):len(data)-len(");\n")], &docs); err != nil {
		return nil, errPatch
	}
	return docs, nil
}

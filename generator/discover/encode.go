package discover

import (
	"encoding/binary"
	"errors"
	"math"
	"unicode/utf8"
)

// Encode writes the index of a part of a site (a bureau's, before any of
// its documents were written out) as bytes that AppendEncoded adds to
// another index: a build keeps each bureau's part between builds, so
// that a bureau that did not change is not indexed again. The layout is
// private to this package: the number of documents, each document's
// four strings, then every term with its count, last document and gaps.
func (ix *Index) Encode() []byte {
	size := 16
	for _, d := range ix.Docs {
		size += len(d.Kind) + len(d.Title) + len(d.URL) + len(d.Context) + 8
	}
	for _, ps := range ix.han {
		size += 2*utf8.UTFMax + 1 + len(ps.gaps) + 12
	}
	for t, ps := range ix.words {
		size += len(t) + len(ps.gaps) + 12
	}
	b := make([]byte, 0, size)
	b = binary.AppendUvarint(b, uint64(len(ix.Docs)))
	for _, d := range ix.Docs {
		for _, s := range [4]string{d.Kind, d.Title, d.URL, d.Context} {
			b = appendString(b, s)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(ix.han)+len(ix.words)))
	ix.eachList(func(term []byte, ps *postings) {
		b = appendString(b, term)
		b = binary.AppendUvarint(b, uint64(ps.n))
		b = binary.AppendUvarint(b, uint64(ps.last))
		b = binary.AppendUvarint(b, uint64(len(ps.gaps)))
		b = append(b, ps.gaps...)
	})
	return b
}

func appendString[S string | []byte](b []byte, s S) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

var errEncoded = errors.New("discover: the encoded index is damaged")

// AppendEncoded adds the documents of an index encoded by Encode after
// those of ix, as Append would add the index itself. It adds nothing
// when data is damaged.
func (ix *Index) AppendEncoded(data []byte) error {
	p, err := DecodePart(data)
	if err != nil {
		return err
	}
	ix.AppendPart(p)
	return nil
}

// Part is an index encoded by Encode, read back: what AppendPart adds.
// Reading is the larger half of adding a kept bureau's part, and needs
// no order, so a build reads parts on every core and appends them in
// order.
type Part struct {
	docs  []Doc
	terms []partTerm
}

type partTerm struct {
	term    []byte
	n, last int
	gaps    []byte
}

// DecodePart reads an index encoded by Encode.
func DecodePart(data []byte) (*Part, error) {
	r := reader{b: data}
	docs := make([]Doc, r.count())
	for i := range docs {
		docs[i] = Doc{Kind: r.str(), Title: r.str(), URL: r.str(), Context: r.str()}
	}
	terms := make([]partTerm, r.count())
	for i := range terms {
		p := partTerm{term: r.bytes(), n: r.int(), last: r.int()}
		p.gaps = r.bytes()
		if _, k := binary.Uvarint(p.gaps); k <= 0 || p.n == 0 || p.last >= len(docs) {
			r.bad = true
		}
		terms[i] = p
	}
	if r.bad || len(r.b) > 0 {
		return nil, errEncoded
	}
	return &Part{docs: docs, terms: terms}, nil
}

// AppendPart adds the documents of a part after those of ix.
func (ix *Index) AppendPart(part *Part) {
	base := ix.Len()
	ix.Docs = append(ix.Docs, part.docs...)
	for _, p := range part.terms {
		han, _ := hanKeyOf(p.term)
		ix.list(han, p.term).appendList(base, p.n, p.last, p.gaps)
	}
}

// reader reads what Encode wrote; bad is set once data runs short.
type reader struct {
	b   []byte
	bad bool
}

func (r *reader) int() int {
	v, k := binary.Uvarint(r.b)
	if k <= 0 || v > math.MaxInt32 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[k:]
	return int(v)
}

// count reads a number of things that each take at least a byte.
func (r *reader) count() int {
	n := r.int()
	if n > len(r.b) {
		r.bad, r.b = true, nil
		return 0
	}
	return n
}

func (r *reader) bytes() []byte {
	n := r.int()
	if n > len(r.b) {
		r.bad, r.b = true, nil
		return nil
	}
	v := r.b[:n:n]
	r.b = r.b[n:]
	return v
}

func (r *reader) str() string { return string(r.bytes()) }

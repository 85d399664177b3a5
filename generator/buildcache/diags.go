package buildcache

import (
	"encoding/binary"

	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/i18n"
)

// A bureau's problems are in its entry's head, and every build after an
// edit reads the heads of all kept bureaus: at 10,000 synthetic reports
// (5,884 warnings) decoding them as JSON was ~0.07 CPU s of each such
// build, reflection and unquoting. They are written as uvarints and byte
// strings instead, after a first byte (diagsBinary). A head is only ever
// read by the program that wrote it (the program's digest is part of
// every entry's key), so there is no earlier form to read.

// diagsBinary starts the binary form of a list of problems.
const diagsBinary = 0x01

// maxTextDepth bounds the nesting of a message's arguments that
// decodeDiags follows: a damaged head must not recurse without end. The
// catalogue nests two deep at most.
const maxTextDepth = 16

// encodeDiags writes the problems as decodeDiags reads them; nil for
// none. What JSON kept is kept: Pos.Offset is not (it is resolved to the
// line and column before a bureau is stored), strings are kept as they
// are (JSON replaced invalid UTF-8, which a cold build does not).
func encodeDiags(l diag.List) []byte {
	if len(l) == 0 {
		return nil
	}
	b := []byte{diagsBinary}
	b = binary.AppendUvarint(b, uint64(len(l)))
	for _, d := range l {
		b = binary.AppendUvarint(b, uint64(d.Severity))
		b = appendString(b, []byte(d.File))
		b = binary.AppendUvarint(b, uint64(d.Line))
		b = binary.AppendUvarint(b, uint64(d.Col))
		b = appendText(b, d.Message)
		b = appendText(b, d.Hint)
		b = appendString(b, []byte(d.Source))
		b = appendString(b, []byte(d.Public))
	}
	return b
}

func appendText(b []byte, t i18n.Text) []byte {
	b = appendString(b, []byte(t.Key))
	b = appendString(b, []byte(t.Lit))
	b = binary.AppendUvarint(b, uint64(len(t.Args)))
	for _, a := range t.Args {
		b = appendText(b, a)
	}
	return b
}

// decodeDiags reads what encodeDiags wrote; false when data is damaged.
func decodeDiags(data []byte) (diag.List, bool) {
	if len(data) == 0 {
		return nil, true
	}
	if data[0] != diagsBinary {
		return nil, false
	}
	f := fields{b: data[1:]}
	// A problem is at least 11 bytes: 8 lengths or numbers and 3 counts.
	l := make(diag.List, f.count(11))
	for i := range l {
		d := &l[i]
		sev := f.uint()
		if sev > uint64(diag.Note) {
			return nil, false
		}
		d.Severity = diag.Severity(sev)
		d.File = string(f.bytes())
		d.Line, d.Col = int(f.uint()), int(f.uint())
		d.Message = readText(&f, 0)
		d.Hint = readText(&f, 0)
		d.Source = string(f.bytes())
		d.Public = string(f.bytes())
	}
	return l, f.done()
}

func readText(f *fields, depth int) i18n.Text {
	if depth > maxTextDepth {
		f.bad = true
		return i18n.Text{}
	}
	t := i18n.Text{Key: string(f.bytes()), Lit: string(f.bytes())}
	if n := f.count(3); n > 0 {
		t.Args = make([]i18n.Text, n)
		for i := range t.Args {
			t.Args[i] = readText(f, depth+1)
		}
	}
	return t
}

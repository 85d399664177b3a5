package buildcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"io"
	"slices"
	"strconv"
	"sync"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/opendata"
)

// Head is what an entry tells of its bureau ahead of the rest, so that a
// build after an edit learns it by reading a few hundred bytes of each
// kept bureau's entry: whether the files of the whole site must be made
// again (Site), which pages the bureau's folder holds (Years) and how
// large its part of the search index is (Docs, Postings), without
// decoding the model (gob of the thinned bureau: at 10,000 reports a
// second of CPU for every build) or reading its rows and search part.
type Head struct {
	// Site digests all that the files of the whole site read of the
	// bureau: its model as DropDetail leaves it (gob, whose bytes are the
	// same for the same model in one program: its types are registered
	// at init, below), its rows of the site-wide tables, and the paths
	// of its folder (the sitemap lists its pages), through the digests
	// of Parts, which cover them all. The same Site and the
	// same everything else (the build's global key) make the same
	// whole-site files. Set by Store.
	Site string
	// Years are the years of its reports, ascending (its report pages).
	// Set by Store.
	Years []int
	// Docs and Postings are the numbers of documents and postings of its
	// part of the search index (discover.Index.Stats). Set by the caller.
	Docs, Postings int
	// Parts digest, finer than Site, what each group of whole-site
	// files reads of the bureau, so that an edit remakes only the files
	// that show what it changed (package site, whole.go). Set by Store.
	Parts Parts
	// Model is the bureau's site model (EncodeSiteModel): what the pages
	// of the whole site, the feed and the sitemap read of it, so that a
	// build that makes them again reads no body. Set by Store.
	Model []byte
	// RowBytes are the lengths of the bureau's rows of each site-wide
	// table (opendata.TableNames), so that a build can splice a table
	// of the last build at the bureau's place. Set by Store.
	RowBytes []int64
}

// Parts are the digests of the parts of a bureau that the groups of
// whole-site files read.
type Parts struct {
	// Names: the bureau as its model has it without its reports (name,
	// slug, region …), and each report's year and title: what the data
	// page lists.
	Names string
	// Reports: each report's thinned model (gob), aligned with
	// Head.Years: what a year's page reads.
	Reports []string
	// Paths: the paths of the bureau's folder and each report's
	// publication date: what the sitemap lists.
	Paths string
	// Tables: the bureau's rows of each site-wide table
	// (opendata.TableNames).
	Tables []string
}

// An entry's file is two checked parts: the CRC-32C of the head, its
// length (uvarint) and the head; then the CRC-32C of the body and the
// body. The head: the site digest, the years, Docs and Postings, the
// problems (diags.go; usually none), the parts' digests, the site model
// (sitemodel.go) and the lengths of the rows of each table. The body:
// the length of the gob part (uvarint), the thinned bureau with gob (one
// stream: the bureau without its reports, then each report), then the
// rows of the site-wide tables, per table a count and each chunk with
// its length (uvarints), then the part of the search index as it is. The rows and the search
// part are nine tenths of an entry's bytes and are only ever copied into
// the site-wide files, so they are not gob's to decode: decode hands out
// slices of the file it read.

func init() {
	// gob numbers types in the order a process first meets them, and the
	// numbers are in its output: registering the model's types first
	// thing makes the bytes of the same model the same in every run of a
	// program, so that Head.Site can digest them.
	gob.NewEncoder(io.Discard).Encode(&budget.Bureau{Reports: []*budget.Report{{}}})
}

// encode writes an entry and sets e.Head.Site and e.Head.Years; paths
// are those of the bureau's folder. The model's back links (a report's
// bureau, a fund item's project) are restored by decode; gob leaves out
// the position callbacks, which DropDetail cleared.
func encode(e *Entry, paths []string) ([]byte, error) {
	b := *e.Bureau
	b.Reports = make([]*budget.Report, len(e.Bureau.Reports))
	e.Head.Years = e.Head.Years[:0]
	for i, r := range e.Bureau.Reports {
		cp := *r
		cp.Bureau = nil // gob cannot follow a cycle
		b.Reports[i] = &cp
		e.Head.Years = append(e.Head.Years, r.Year)
	}
	model, err := parts(e, &b, paths)
	if err != nil {
		return nil, err
	}
	e.Head.Model = EncodeSiteModel(e.Bureau)
	e.Head.RowBytes = make([]int64, len(e.Rows))
	for k, chunks := range e.Rows {
		for _, c := range chunks {
			e.Head.RowBytes[k] += int64(len(c))
		}
	}
	size := binary.MaxVarintLen64 + len(model) + len(e.Search)
	for _, chunks := range e.Rows {
		size += binary.MaxVarintLen64
		for _, c := range chunks {
			size += binary.MaxVarintLen64 + len(c)
		}
	}
	body := make([]byte, 0, size)
	body = binary.AppendUvarint(body, uint64(len(model)))
	body = append(body, model...)
	body = binary.AppendUvarint(body, uint64(len(e.Rows)))
	for _, chunks := range e.Rows {
		body = binary.AppendUvarint(body, uint64(len(chunks)))
		for _, c := range chunks {
			body = binary.AppendUvarint(body, uint64(len(c)))
			body = append(body, c...)
		}
	}
	// The parts' digests cover the model (the bureau's and each report's
	// messages), the rows and the paths: Site digests them, not the
	// bytes again.
	pt := e.Head.Parts
	site := sha256.New()
	site.Write(binary.AppendUvarint(nil, uint64(len(pt.Reports))))
	for _, d := range slices.Concat([]string{pt.Names, pt.Paths}, pt.Reports, pt.Tables) {
		site.Write([]byte(d))
	}
	e.Head.Site = hex.EncodeToString(site.Sum(nil)[:16])
	body = append(body, e.Search...)

	diags := encodeDiags(e.Diags)
	head := appendString(nil, []byte(e.Head.Site))
	head = binary.AppendUvarint(head, uint64(len(e.Head.Years)))
	for _, y := range e.Head.Years {
		head = binary.AppendUvarint(head, uint64(y))
	}
	head = binary.AppendUvarint(head, uint64(e.Head.Docs))
	head = binary.AppendUvarint(head, uint64(e.Head.Postings))
	head = appendString(head, diags)
	head = appendString(head, []byte(pt.Names))
	head = appendString(head, []byte(pt.Paths))
	for _, list := range [][]string{pt.Reports, pt.Tables} {
		head = binary.AppendUvarint(head, uint64(len(list)))
		for _, d := range list {
			head = appendString(head, []byte(d))
		}
	}
	head = appendString(head, e.Head.Model)
	head = binary.AppendUvarint(head, uint64(len(e.Head.RowBytes)))
	for _, n := range e.Head.RowBytes {
		head = binary.AppendUvarint(head, uint64(n))
	}

	data := make([]byte, 0, 4+binary.MaxVarintLen64+len(head)+4+len(body))
	data = binary.LittleEndian.AppendUint32(data, crc32.Checksum(head, castagnoli))
	data = binary.AppendUvarint(data, uint64(len(head)))
	data = append(data, head...)
	data = binary.LittleEndian.AppendUint32(data, crc32.Checksum(body, castagnoli))
	return append(data, body...), nil
}

// parts sets e.Head.Parts for the bureau b whose reports have no back
// links (encode's copy), the paths of its folder and e's rows, and
// returns the model: the gob messages of b without its reports, then of
// each report (decodeModel).
func parts(e *Entry, b *budget.Bureau, paths []string) ([]byte, error) {
	digest := func(chunks ...[]byte) string {
		h := sha256.New()
		for _, c := range chunks {
			h.Write(binary.AppendUvarint(nil, uint64(len(c))))
			h.Write(c)
		}
		return hex.EncodeToString(h.Sum(nil)[:16])
	}
	pt := Parts{Reports: make([]string, len(b.Reports)), Tables: make([]string, len(e.Rows))}
	alone := *b
	alone.Reports = nil
	// One encoder for the bureau and its reports: the bureau's message
	// carries the type descriptors of the whole model, so each report's
	// bytes are its values alone, the same whatever reports come before
	// it, without the descriptors a new encoder sends each time (half of
	// what these digests cost). The messages are the model the entry
	// keeps: the bureau is encoded once, not again whole.
	var model bytes.Buffer
	enc := gob.NewEncoder(&model)
	if err := enc.Encode(&alone); err != nil {
		return nil, err
	}
	ends := []int{model.Len()} // where each message ends
	var dated []byte
	for _, p := range paths {
		dated = append(append(dated, p...), '\n')
	}
	for _, r := range b.Reports {
		dated = append(dated, strconv.Itoa(r.Year)+" "+r.Published.String()+"\n"...)
		if err := enc.Encode(r); err != nil {
			return nil, err
		}
		ends = append(ends, model.Len())
	}
	data := model.Bytes()
	names := [][]byte{data[:ends[0]]}
	for i, r := range b.Reports {
		names = append(names, []byte(strconv.Itoa(r.Year)), []byte(r.Title))
		pt.Reports[i] = digest(data[ends[i]:ends[i+1]])
	}
	pt.Names, pt.Paths = digest(names...), digest(dated)
	for k, rows := range e.Rows {
		pt.Tables[k] = digest(rows...)
	}
	e.Head.Parts = pt
	return data, nil
}

func appendString(b, s []byte) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

var errDamaged = errors.New("buildcache: damaged entry")

// headSize is what LoadHead reads at first: the head of nearly every
// entry (with the site model, a few hundred bytes a report; 3.6 to 8.1
// KB of synthetic content's five-report bureaus).
const headSize = 16 << 10

// heads are LoadHead's buffers, reused: the head is copied out of one
// at its size, instead of 2,000 buffers of headSize made and zeroed.
var heads = sync.Pool{New: func() any { return new([headSize]byte) }}

// splitHead returns the entry's head and the rest of data after it; need
// > 0 when data holds only the start of the entry and need bytes are to
// be read for the head.
func splitHead(data []byte) (head, rest []byte, need int, err error) {
	if len(data) < 5 {
		return nil, nil, 0, errDamaged
	}
	n, k := binary.Uvarint(data[4:])
	if k <= 0 || n > 1<<30 {
		return nil, nil, 0, errDamaged
	}
	end := 4 + k + int(n)
	if end > len(data) {
		return nil, nil, end, nil
	}
	head = data[4+k : end]
	if binary.LittleEndian.Uint32(data) != crc32.Checksum(head, castagnoli) {
		return nil, nil, 0, errDamaged
	}
	return head, data[end:], 0, nil
}

// decodeHead reads a head into e.
func decodeHead(head []byte, e *Entry) error {
	f := fields{b: head}
	e.Head.Site = string(f.bytes())
	years := f.count(1)
	e.Head.Years = make([]int, years)
	for i := range e.Head.Years {
		e.Head.Years[i] = int(f.uint())
	}
	e.Head.Docs, e.Head.Postings = int(f.uint()), int(f.uint())
	diags := f.bytes()
	pt := &e.Head.Parts
	pt.Names, pt.Paths = string(f.bytes()), string(f.bytes())
	for _, list := range []*[]string{&pt.Reports, &pt.Tables} {
		*list = make([]string, f.count(1))
		for i := range *list {
			(*list)[i] = string(f.bytes())
		}
	}
	// A copy: the model stays with the bureau to the end of the build,
	// and a slice of head would keep the whole file it was read from
	// (its rows and search part, ~45 KB a report: a clone's build at
	// 10,000 reports held 450 MB of entries to the end).
	e.Head.Model = bytes.Clone(f.bytes())
	e.Head.RowBytes = make([]int64, f.count(1))
	for k := range e.Head.RowBytes {
		e.Head.RowBytes[k] = int64(f.uint())
	}
	if !f.done() || len(pt.Reports) != len(e.Head.Years) {
		return errDamaged
	}
	var ok bool
	if e.Diags, ok = decodeDiags(diags); !ok {
		return errDamaged
	}
	return nil
}

// decode reads an entry; its rows and search part are slices of data.
// Without model, the thinned bureau is left undecoded (Bureau nil).
func decode(data []byte, model bool) (*Entry, error) {
	head, rest, need, err := splitHead(data)
	if err != nil || need > 0 {
		return nil, errDamaged
	}
	var e Entry
	if err := decodeHead(head, &e); err != nil {
		return nil, err
	}
	body, ok := summed(rest, nil)
	if !ok {
		return nil, errDamaged
	}
	f := fields{b: body}
	gobbed := f.bytes()
	if f.bad {
		return nil, errDamaged
	}
	if model {
		if e.Bureau, err = decodeModel(gobbed, len(e.Head.Years)); err != nil {
			return nil, err
		}
	}
	if f.count(1) != len(opendata.TableNames) {
		return nil, errDamaged
	}
	e.Rows = make(opendata.Rows, len(opendata.TableNames))
	for k := range e.Rows {
		e.Rows[k] = make([][]byte, f.count(1))
		for i := range e.Rows[k] {
			e.Rows[k][i] = f.bytes()
		}
	}
	if f.bad {
		return nil, errDamaged
	}
	e.Search = f.b
	if !model {
		return &e, nil
	}
	if e.Bureau == nil || len(e.Bureau.Reports) != len(e.Head.Years) {
		return nil, errDamaged
	}
	for i, r := range e.Bureau.Reports {
		if r == nil || r.Year != e.Head.Years[i] {
			return nil, errDamaged
		}
		r.Bureau = e.Bureau
		if r.Funds == nil {
			continue
		}
		for _, src := range r.Funds.Sources {
			for _, it := range src.Items {
				if it != nil && it.Project != nil {
					it.Project = r.Project(it.ProjectID) // one object, as validate linked it
				}
			}
		}
	}
	return &e, nil
}

// decodeModel reads the model parts wrote: the bureau without its
// reports, then its reports, as many as its head has years. An entry of
// the layout before (the bureau and its reports in one message) is
// refused: its bureau comes with reports.
func decodeModel(data []byte, reports int) (*budget.Bureau, error) {
	r := bytes.NewReader(data)
	dec := gob.NewDecoder(r)
	var b budget.Bureau
	if err := dec.Decode(&b); err != nil {
		return nil, err
	}
	if b.Reports != nil {
		return nil, errDamaged
	}
	b.Reports = make([]*budget.Report, reports)
	for i := range b.Reports {
		b.Reports[i] = new(budget.Report)
		if err := dec.Decode(b.Reports[i]); err != nil {
			return nil, err
		}
	}
	if r.Len() > 0 {
		return nil, errDamaged
	}
	return &b, nil
}

// LoadHead returns the head and the problems of the entry under key,
// reading only the start of its file: Bureau, Rows and Search are nil
// (Load reads them). False when there is no such entry or its head is
// damaged (the bureau must be built).
func (c *Cache) LoadHead(key string) (*Entry, bool) {
	if c == nil || key == "" || c.fresh {
		return nil, false
	}
	name := c.file(key, ".gob")
	buf := heads.Get().(*[headSize]byte)
	n, err := readStart(name, buf[:])
	var head []byte
	if err == nil {
		var need int
		head, _, need, err = splitHead(buf[:n])
		switch {
		case err == nil && need > 0 && n == headSize: // a longer head: read it whole
			more := make([]byte, need)
			if m, rerr := readStart(name, more); rerr != nil || m < need {
				err = errDamaged
			} else {
				head, _, _, err = splitHead(more)
			}
		case err == nil && need > 0:
			err = errDamaged // the file ends before its head
		case err == nil:
			head = bytes.Clone(head) // Head.Model is kept: not the pool's
		}
	}
	heads.Put(buf)
	if err != nil || head == nil {
		return nil, false
	}
	var e Entry
	if decodeHead(head, &e) != nil {
		return nil, false
	}
	return &e, true
}

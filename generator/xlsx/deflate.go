package xlsx

import (
	"bufio"
	"encoding/binary"
	"math/bits"

	"github.com/disclose-portal/disclose/generator/internal/freelist"
)

// This file compresses the parts of a workbook as one deflate block with
// the fixed Huffman codes of RFC 1951 (block type 01), found by a greedy
// LZ77 match on a hash of four bytes. Every zip reader inflates it: it
// is the same deflate (method 8) that Excel and LibreOffice write, only
// without code tables of its own.
//
// compress/flate at BestSpeed spent about two thirds of its time on
// what this leaves out: counting each block's symbols and building and
// sorting its Huffman codes, for parts of a few kilobytes each, eight
// or more per workbook (1.5 of 22 CPU seconds of a cold build of 1,000
// synthetic reports). Fixed codes make a workbook about 14% larger
// (docs/performance.md): a spreadsheet's XML is made of repeats, which
// the matches take, more than of skewed letters, where own codes gain.

const (
	deflateWindow = 1 << 15 // the farthest back a match may reach
	minMatch      = 4       // the bytes hashed: shorter matches are not sought
	maxMatch      = 258
	hashBits      = 13
)

// deflater holds the hash table of one compression at a time: the
// position of the last four bytes with each hash, plus base. Each
// compression starts base past every position the last one stored, so
// that the table need not be cleared between parts: an entry below
// base is from an earlier one.
type deflater struct {
	table [1 << hashBits]int32
	base  int
	// Buffers reused from workbook to workbook: a part gathered from
	// its pieces, its deflate stream, the zip being written, and the
	// workbook's sheets, shared strings and their index (newWorkbook).
	in, out, zip, sheets, sst []byte
	strs                      map[string]int
	bw                        *bufio.Writer // the zip's, its 4 KB kept
	// The last workbook's sheets and writer's rows, filled again.
	wsheets, sheetList   []*wsheet
	cells, kv, hdr, line []any
	moneyCols            []moneyCol
}

// freeDeflaters holds the deflaters not in use, a few per core as for
// the workbooks written at once; a build collects garbage often enough
// that a sync.Pool lost most of them.
var freeDeflaters = freelist.New[*deflater](2)

func getDeflater() *deflater {
	if d, ok := freeDeflaters.Take(); ok {
		return d
	}
	return new(deflater)
}

func putDeflater(d *deflater) {
	if cap(d.in)+cap(d.out)+cap(d.zip)+cap(d.sheets)+cap(d.sst) > 8<<20 || len(d.strs) > 0 {
		return // a huge report's are not held on to, nor a failed one's
	}
	freeDeflaters.Give(d)
}

// Fixed codes, bit-reversed for writing from the low bit (RFC 1951
// 3.2.6): literal and length symbols 0–143 have 8 bits, 144–255 9 bits,
// 256–279 7 bits, 280–287 8 bits; distance symbols all have 5.
var (
	litCode  [288]uint16
	litBits  [288]uint8
	distCode [30]uint8
	// lenSym is the symbol (257+index) of each match length 3–258.
	lenSym [maxMatch + 1]uint8
	// litPut is a literal's code with its number of bits above bit 12;
	// lenPut a match length's code and extra bits with their number
	// above bit 24: what a literal and a length put, in one load each.
	litPut [256]uint16
	lenPut [maxMatch + 1]uint32
)

var (
	lengthBase  = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
)

func init() {
	for v := range 288 {
		var code, n int
		switch {
		case v < 144:
			code, n = 0x30+v, 8
		case v < 256:
			code, n = 0x190+v-144, 9
		case v < 280:
			code, n = v-256, 7
		default:
			code, n = 0xC0+v-280, 8
		}
		litCode[v] = bits.Reverse16(uint16(code)) >> (16 - n)
		litBits[v] = uint8(n)
	}
	for v := range 30 {
		distCode[v] = bits.Reverse8(uint8(v)) >> 3
	}
	for i := len(lengthBase) - 1; i >= 0; i-- {
		for l := int(lengthBase[i]); l <= maxMatch && lenSym[l] == 0; l++ {
			lenSym[l] = uint8(i)
		}
	}
	for c := range litPut {
		litPut[c] = litCode[c] | uint16(litBits[c])<<12
	}
	for l := minMatch; l <= maxMatch; l++ {
		li := lenSym[l]
		sym := 257 + int(li)
		code := uint32(litCode[sym]) | uint32(l-int(lengthBase[li]))<<litBits[sym]
		lenPut[l] = code | uint32(litBits[sym]+lengthExtra[li])<<24
	}
}

// bitWriter appends bits from the low end of each byte, as deflate
// stores them.
type bitWriter struct {
	dst []byte
	acc uint64
	n   uint
}

// put adds the low nb bits of v (nb ≤ 32).
func (w *bitWriter) put(v uint64, nb uint) {
	w.acc |= v << w.n
	w.n += nb
	if w.n >= 32 {
		w.dst = binary.LittleEndian.AppendUint32(w.dst, uint32(w.acc))
		w.acc >>= 32
		w.n -= 32
	}
}

func (w *bitWriter) literal(c byte) {
	e := litPut[c]
	w.put(uint64(e&0xFFF), uint(e>>12))
}

// match writes a length (4–258) and a distance (1–32768) in one put:
// at most 13 bits of length and 18 of distance.
func (w *bitWriter) match(length, dist int) {
	e := lenPut[length]
	v, nb := uint64(e&0xFFFFFF), uint(e>>24)
	// Distance symbols: 1–4 are 0–3; then two per power of two, with
	// one extra bit fewer than the power.
	x := uint32(dist - 1)
	if x < 4 {
		w.put(v|uint64(distCode[x])<<nb, nb+5)
		return
	}
	n := uint(bits.Len32(x) - 1)
	code := 2*n + uint(x>>(n-1))&1
	w.put(v|(uint64(distCode[code])|uint64(x&(1<<(n-1)-1))<<5)<<nb, nb+5+n-1)
}

// deflate appends src to dst as a raw deflate stream (no zlib or gzip
// wrapper, as a zip member holds it).
func (d *deflater) deflate(dst, src []byte) []byte {
	if d.base == 0 || d.base > 1<<30-len(src) {
		clear(d.table[:])
		d.base = 1
	}
	base := d.base
	d.base += len(src) + 1
	w := bitWriter{dst: dst}
	w.put(3, 3) // BFINAL 1, BTYPE 01: the last block, fixed codes
	n := len(src)
	i := 0
	for i+8 <= n { // 8: the match extension below reads words
		x := binary.LittleEndian.Uint32(src[i:])
		h := (x * 0x1e35a7bd) >> (32 - hashBits)
		c := int(d.table[h]) - base
		d.table[h] = int32(i + base)
		if c < 0 || i-c > deflateWindow || binary.LittleEndian.Uint32(src[c:]) != x {
			w.literal(src[i])
			i++
			continue
		}
		l := minMatch
		limit := min(maxMatch, n-i)
		for l+8 <= limit {
			if diff := binary.LittleEndian.Uint64(src[i+l:]) ^ binary.LittleEndian.Uint64(src[c+l:]); diff != 0 {
				l += bits.TrailingZeros64(diff) >> 3
				goto found
			}
			l += 8
		}
		for l < limit && src[i+l] == src[c+l] {
			l++
		}
	found:
		w.match(l, i-c)
		// The last positions the match covers are hashed too, where
		// the next match most often starts; hashing every one found
		// 0.2% more and took twice the time.
		end := i + l
		for j := max(i+1, end-2); j < end && j+minMatch <= n; j++ {
			y := binary.LittleEndian.Uint32(src[j:])
			d.table[(y*0x1e35a7bd)>>(32-hashBits)] = int32(j + base)
		}
		i = end
	}
	for ; i < n; i++ {
		w.literal(src[i])
	}
	w.put(uint64(litCode[256]), uint(litBits[256])) // end of block
	for w.n > 0 {
		w.dst = append(w.dst, byte(w.acc))
		w.acc >>= 8
		w.n = uint(max(int(w.n)-8, 0))
	}
	return w.dst
}

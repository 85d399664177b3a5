package xlsx

import (
	"encoding/binary"
	"math/bits"
)

// refBitWriter is bitWriter before the packed codes.
type refBitWriter struct {
	dst []byte
	acc uint64
	n   uint
}

func (w *refBitWriter) put(v uint64, nb uint) {
	w.acc |= v << w.n
	w.n += nb
	if w.n >= 32 {
		w.dst = binary.LittleEndian.AppendUint32(w.dst, uint32(w.acc))
		w.acc >>= 32
		w.n -= 32
	}
}

func (w *refBitWriter) literal(c byte) { w.put(uint64(litCode[c]), uint(litBits[c])) }

func (w *refBitWriter) match(length, dist int) {
	li := lenSym[length]
	sym := 257 + int(li)
	w.put(uint64(litCode[sym])|uint64(length-int(lengthBase[li]))<<litBits[sym], uint(litBits[sym]+lengthExtra[li]))
	// Distance symbols: 1–4 are 0–3; then two per power of two, with
	// one extra bit fewer than the power.
	x := uint32(dist - 1)
	if x < 4 {
		w.put(uint64(distCode[x]), 5)
		return
	}
	n := uint(bits.Len32(x) - 1)
	code := 2*n + uint(x>>(n-1))&1
	w.put(uint64(distCode[code])|uint64(x&(1<<(n-1)-1))<<5, 5+n-1)
}

// refDeflate is deflate as it was before its codes were packed into
// tables: the bytes it writes are the reference deflate keeps.
func (d *deflater) refDeflate(dst, src []byte) []byte {
	if d.base == 0 || d.base > 1<<30-len(src) {
		clear(d.table[:])
		d.base = 1
	}
	base := d.base
	d.base += len(src) + 1
	w := refBitWriter{dst: dst}
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

package output

import (
	"bytes"
	"testing"

	"github.com/disclose-portal/disclose/generator/internal/allocs"
)

// A set in an arena keeps copies of what AddBuffer gave it (the caller
// reuses its buffer), and once the arena has grown to a set's size, the
// next set made in it after Reset allocates no room for its bytes.
func TestArena(t *testing.T) {
	a := &Arena{}
	buf := make([]byte, 100<<10)
	fill := func(s *FileSet) {
		for i := range 8 {
			for j := range buf {
				buf[j] = byte(i)
			}
			s.AddBuffer(string(rune('a'+i)), buf)
		}
	}
	check := func(s *FileSet) {
		for i := range 8 {
			got, _ := s.Bytes(string(rune('a' + i)))
			if !bytes.Equal(got, bytes.Repeat([]byte{byte(i)}, len(buf))) {
				t.Fatalf("file %d was not kept as added", i)
			}
		}
	}
	first := NewFileSet().In(a)
	fill(first)
	check(first)
	a.Reset()
	n := allocs.Bytes(3, func() {
		a.Reset()
		fill(NewFileSet().In(a))
	})
	if n > 16<<10 { // the set itself, not its 800 KB of files
		t.Errorf("a set made again in the arena allocated %d bytes", n)
	}
	s := NewFileSet().In(a)
	fill(s)
	check(s)
	// A set held in memory without an arena copies each file.
	plain := NewFileSet()
	fill(plain)
	check(plain)
}

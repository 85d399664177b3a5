package site

import (
	"testing"

	"github.com/disclose-portal/disclose/generator/output"
)

// An arena is kept for the next bureau unless a large bureau grew it past
// maxArena: the process does not hold that much room for good.
func TestArenaKeptWhenSmall(t *testing.T) {
	for len(arenas) > 0 { // what earlier tests left
		arenas.Take()
	}
	rn := &run{}
	small, large := rn.arena(), rn.arena()
	output.NewFileSet().In(small).AddBuffer("a/index.html", make([]byte, 1<<20))
	output.NewFileSet().In(large).AddBuffer("b/index.html", make([]byte, maxArena+1))
	rn.giveArena(large)
	rn.giveArena(small)
	if got, _ := arenas.Take(); got != small {
		t.Error("the small arena was not kept")
	}
	if got, ok := arenas.Take(); ok {
		t.Errorf("an arena of %d bytes was kept", got.Size())
	}
}

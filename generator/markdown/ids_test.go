package markdown

import (
	"strconv"
	"testing"
	"unicode"
)

// oldIDs is ids as it was, building runes and strings: the reference
// the ids must equal.
type oldIDs struct{ seen map[string]bool }

func (g *oldIDs) generate(value []byte) []byte {
	var b []rune
	for _, r := range string(value) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b = append(b, unicode.ToLower(r))
		case r == ' ' || r == '-' || r == '_':
			if len(b) > 0 && b[len(b)-1] != '-' {
				b = append(b, '-')
			}
		}
	}
	id := string(b)
	if id == "" {
		id = "section"
	}
	base := id
	for n := 1; g.seen[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	g.seen[id] = true
	return []byte(id)
}

// Heading ids are the same as before, repeats numbered alike, and one
// costs no allocation once the pooled ids have grown (its bytes and its
// key in seen were two; runes grown, a string and its bytes four before).
func TestHeadingIDs(t *testing.T) {
	heads := []string{"一、概况", "一、概况", "Overview of 2023", "  --  ", "", "section", "section-1",
		"二 (续)", "A_B-c d", "\xff\xfe无效", "ÄÖÜ Straße", "一、概况", "数字 123 和 ４５６", "ⅠⅡⅢ"}
	g, old := &ids{seen: map[string]bool{}}, &oldIDs{seen: map[string]bool{}}
	for _, h := range heads {
		if got, want := g.Generate([]byte(h), 0), old.generate([]byte(h)); string(got) != string(want) {
			t.Errorf("%q: id %q, want %q", h, got, want)
		}
	}
	h := []byte("三、项目绩效目标完成情况分析")
	g = &ids{seen: map[string]bool{}}
	n := testing.AllocsPerRun(50, func() {
		clear(g.seen)
		g.slab = g.slab[:0]
		g.Generate(h, 0)
		g.Generate(h, 0)
	})
	if n > 0 {
		t.Errorf("two heading ids take %.0f allocations, want none", n)
	}
}

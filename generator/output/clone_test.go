package output

import (
	"slices"
	"testing"
)

// TestClone: a rebuild's copy of a set shares its bytes, drops what
// Complete added, and tells what changed since.
func TestClone(t *testing.T) {
	s := NewFileSet()
	page := []byte("<p>a</p>")
	s.Add("a/index.html", page)
	s.Add("a/fig-a.csv", []byte("x\n"))
	s.SetGroup("a/index.html", []string{"a/index.html", "a/fig-a.csv"})
	s.Add("b/index.html", []byte("<p>b</p>"))
	s.Add("b/2023/index.html", []byte("<p>b 2023</p>"))
	s.Add("b/2023/report.json", []byte("{}"))
	s.SetGroup("b/index.html", []string{"b/index.html"})
	s.SetGroup("b/2023/index.html", []string{"b/2023/index.html"})
	more := NewFileSet()
	more.Add("data/all.csv", []byte("all\n"))
	s.Complete(more)
	if s.Pages() != 3 || !s.Has("data/all.csv") {
		t.Fatalf("pages %d, has data/all.csv %v", s.Pages(), s.Has("data/all.csv"))
	}

	c := s.Clone()
	if c.Has("data/all.csv") {
		t.Error("the clone keeps a file added by Complete")
	}
	c.Add("a/index.html", page) // the same bytes: not a change
	c.RemoveGroup("a/index.html")
	c.Add("a/index.html", []byte("<p>a2</p>"))
	c.SetGroup("a/index.html", []string{"a/index.html"})
	c.RemoveUnder([]string{"b/"}, func(p string) bool { return false })
	from, touched := c.Touched()
	slices.Sort(touched)
	want := []string{"a/fig-a.csv", "a/index.html", "b/2023/index.html", "b/2023/report.json", "b/index.html", "data/all.csv"}
	if from != s || !slices.Equal(touched, want) {
		t.Errorf("touched %v, want %v", touched, want)
	}
	if got := c.Groups(); !slices.Equal(got, []string{"a/index.html"}) {
		t.Errorf("groups %v", got)
	}
	if c.Pages() != 1 || s.Pages() != 3 || !s.Has("b/index.html") {
		t.Errorf("clone %d pages, original %d: the original changed with the clone", c.Pages(), s.Pages())
	}
	// Putting back the very bytes a clone holds is no change.
	c2 := s.Clone()
	kept, _ := s.Bytes("a/fig-a.csv")
	c2.Add("a/fig-a.csv", kept)
	c2.Add("b/index.html", []byte("<p>b</p>")) // equal, but new bytes: compared later, by content
	if _, touched := c2.Touched(); !slices.Equal(sorted(touched), []string{"b/index.html", "data/all.csv"}) {
		t.Errorf("touched %v", touched)
	}
	if from, _ := NewFileSet().Touched(); from != nil {
		t.Error("a new set is no clone")
	}
}

func sorted(s []string) []string {
	slices.Sort(s)
	return s
}

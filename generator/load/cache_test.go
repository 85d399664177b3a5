package load

import (
	"testing"
	"testing/fstest"
)

func TestCache(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.toml":     {Data: []byte("title = \"门户\"\n")},
		"content/a/bureau.toml": {Data: []byte("name = \"甲局\"\n")},
		"content/b/bureau.toml": {Data: []byte("name = \"乙局\"\nnope = 1\n")},
	}
	c := NewCache()
	s1, d1 := c.Site(fsys, nil)
	if len(s1.Bureaus) != 2 || len(d1) != 1 {
		t.Fatalf("first read: %d bureaus, problems %v", len(s1.Bureaus), d1)
	}
	none := func(string) bool { return false }
	s2, d2 := c.Site(fsys, none)
	if s2.Bureaus[0] != s1.Bureaus[0] || s2.Bureaus[1] != s1.Bureaus[1] {
		t.Error("unchanged bureaus were read again")
	}
	if len(d2) != 1 || !d2[0].Equal(d1[0]) {
		t.Errorf("the problems of a reused bureau: %v", d2)
	}

	fsys["content/a/bureau.toml"] = &fstest.MapFile{Data: []byte("name = \"甲局（新）\"\n")}
	s3, _ := c.Site(fsys, func(slug string) bool { return slug == "a" })
	if s3.Bureaus[0] == s1.Bureaus[0] || s3.Bureaus[0].Name != "甲局（新）" {
		t.Errorf("a stale bureau was not read again: %q", s3.Bureaus[0].Name)
	}
	if s3.Bureaus[1] != s1.Bureaus[1] {
		t.Error("a bureau that did not change was read again")
	}

	// A new unit reads everything again, whatever stale says.
	fsys["content/site.toml"] = &fstest.MapFile{Data: []byte("title = \"门户\"\nunit = \"元\"\n")}
	s4, _ := c.Site(fsys, none)
	if s4.Bureaus[1] == s1.Bureaus[1] {
		t.Error("a bureau read with another unit was reused")
	}

	// A folder that is gone leaves the cache; one that comes back is read.
	delete(fsys, "content/b/bureau.toml")
	if s5, _ := c.Site(fsys, none); len(s5.Bureaus) != 1 {
		t.Errorf("%d bureaus after deleting one", len(s5.Bureaus))
	}
	fsys["content/b/bureau.toml"] = &fstest.MapFile{Data: []byte("name = \"乙局\"\n")}
	if s6, d6 := c.Site(fsys, func(slug string) bool { return slug == "b" }); len(s6.Bureaus) != 2 || len(d6) != 0 {
		t.Errorf("after b came back: %d bureaus, %v", len(s6.Bureaus), d6)
	}
}

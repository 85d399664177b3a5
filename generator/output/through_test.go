package output

import (
	"bytes"
	"crypto/sha256"
	"github.com/disclose-portal/disclose/generator/internal/allocs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"
)

// TestThrough: a set made by Through writes each file into the staged
// site as it is added (not when the caller adds it all), lists its own
// files as staged there, keeps the digests of the files made as bytes,
// and AddAll of it into its site adds nothing twice.
func TestThrough(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	site, err := Stage(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer site.Discard()
	site.Add("index.html", []byte("home"))
	folder := site.Through(func(data []byte) []byte {
		sum := sha256.Sum256(data)
		return sum[:]
	})
	page := []byte("<p>page</p>")
	folder.AddBuffer("b/2023/index.html", page)
	page[1] = 'X' // the buffer is reused: what was added is on disk already
	folder.Copy("b/2023/a.pdf", fstest.MapFS{"a.pdf": {Data: []byte("pdf")}}, "a.pdf")

	on, ok := site.StagedPath("b/2023/index.html")
	if !ok {
		t.Fatal("the folder's page is not in the staged site")
	}
	if got, err := os.ReadFile(on); err != nil || string(got) != "<p>page</p>" {
		t.Fatalf("staged page = %q, %v", got, err)
	}
	if got, want := folder.Paths(), []string{"b/2023/a.pdf", "b/2023/index.html"}; !slices.Equal(got, want) {
		t.Errorf("folder lists %v, want %v", got, want)
	}
	if got, want := site.Paths(), []string{"b/2023/a.pdf", "b/2023/index.html", "index.html"}; !slices.Equal(got, want) {
		t.Errorf("site lists %v, want %v", got, want)
	}
	if site.Pages() != 2 {
		t.Errorf("site counts %d pages, want 2", site.Pages())
	}
	sum, ok := folder.Sum("b/2023/index.html")
	if want := sha256.Sum256([]byte("<p>page</p>")); !ok || !bytes.Equal(sum.Digest, want[:]) || sum.Size != 11 {
		t.Errorf("Sum = %v, %v", sum, ok)
	}
	if _, ok := folder.Sum("b/2023/a.pdf"); ok {
		t.Error("a copied file has a digest it was never hashed for")
	}
	if got, _ := folder.Bytes("b/2023/a.pdf"); string(got) != "pdf" {
		t.Errorf("the copied file reads back as %q", got)
	}
	site.AddAll(folder)
	if site.Pages() != 2 || site.Len() != 3 {
		t.Errorf("AddAll of the folder changed the site: %d pages, %d files", site.Pages(), site.Len())
	}
	if _, ok := site.Through(nil).Sum("x"); ok {
		t.Error("a set without sums has one")
	}
}

// TestAddBufferStaged: a staged set writes a buffer as it is, a set held
// in memory keeps a copy of it.
func TestAddBufferStaged(t *testing.T) {
	site, err := Stage(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer site.Discard()
	buf := bytes.Repeat([]byte("<tr><td>1</td></tr>\n"), 20000) // 400 KB
	site.AddBuffer("warm.html", buf)                            // folders made, pools filled
	folder := site.Through(nil)
	if got := allocs.Bytes(10, func() { folder.AddBuffer("b/page.html", buf) }); got > 32<<10 {
		t.Errorf("adding a page of %d bytes to a staged set allocated %d bytes", len(buf), got)
	}
	mem := NewFileSet()
	mem.AddBuffer("page.html", buf)
	buf[0] = 'X'
	if got, _ := mem.Bytes("page.html"); got[0] != '<' {
		t.Error("a set held in memory kept the caller's buffer, not a copy")
	}
}

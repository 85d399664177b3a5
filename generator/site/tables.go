package site

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/disclose-portal/disclose/generator/buildcache"
	"github.com/disclose-portal/disclose/generator/opendata"
)

// The site-wide tables after an edit. A table is its header, then every
// bureau's rows in folder order (opendata.TableFiles), and an entry's
// head tells the length of the bureau's rows of each table
// (buildcache.Head.RowBytes) and their digest (Head.Parts.Tables). When
// the bureaus are the last build's, in the same order, a table whose
// group does not stand is written as the last build's file with the rows
// of the bureaus whose digest changed put in at their place: the other
// bureaus' bytes are copied from that file (copy_file_range: the kernel
// copies), and no rows are read from the store or written to temporary
// files first. At 10,000 reports a project's corrected amount wrote
// 285 MB of every table's rows before the build knew that only
// projects.csv (19 MB) was to be made. TestBuildCache compares the
// spliced tables with a full build's byte for byte.

// spliceTables writes the site-wide tables that kept does not keep by
// splicing the last build's, and returns the paths written; a table it
// cannot splice (its file in the destination not as the last build left
// it, an entry of the last build gone from the store) is not among them,
// for the caller to join from every bureau's rows.
func (j *joiner) spliceTables(kept func(p string) bool) map[string]bool {
	store := j.rn.opt.Store
	if !j.rowsLazy || len(j.pendRows) != len(j.last.Keys) {
		return nil
	}
	// The heads of the last build's entries of the bureaus whose entry
	// changed: the lengths of their old rows.
	old := make([]*buildcache.Head, len(j.pendRows))
	for n, i := range j.pendRows {
		d := j.results[i]
		if d.key == j.last.Keys[n] {
			old[n] = &d.head
			continue
		}
		e, ok := store.LoadHead(j.last.Keys[n])
		if !ok || len(e.Head.RowBytes) != len(opendata.TableNames) || len(e.Head.Parts.Tables) != len(opendata.TableNames) {
			return nil
		}
		old[n] = &e.Head
	}
	dir, err := os.MkdirTemp("", "disclose-splice-")
	if err != nil {
		return nil
	}
	defer os.RemoveAll(dir)
	made := map[string]bool{}
	for k, name := range opendata.TableNames {
		p := opendata.DataDir + "/" + name + ".csv"
		if kept(p) || !store.FilesIntact([]string{p}) {
			continue
		}
		tmp, err := j.splice(k, old, store.Dest(p), dir)
		if err != nil {
			continue
		}
		if j.rn.files.Link(p, tmp) != nil {
			return made // the staged set failed: the build fails with it
		}
		made[p] = true
	}
	return made
}

// splice writes table k into a file in dir, from the last build's file
// at from and the rows of the bureaus whose rows changed, and returns
// its path.
func (j *joiner) splice(k int, old []*buildcache.Head, from, dir string) (string, error) {
	src, err := os.Open(from)
	if err != nil {
		return "", err
	}
	defer src.Close()
	head := opendata.TableHead(k)
	size := int64(len(head))
	for _, h := range old {
		size += h.RowBytes[k]
	}
	info, err := src.Stat()
	if err != nil || info.Size() != size {
		return "", fmt.Errorf("splicing %s: the last build's table is not as its entries tell", from)
	}
	got := make([]byte, len(head))
	if _, err := io.ReadFull(src, got); err != nil || !bytes.Equal(got, head) {
		return "", fmt.Errorf("splicing %s: another header", from)
	}
	out, err := os.CreateTemp(dir, "table-*.csv")
	if err != nil {
		return "", err
	}
	defer out.Close()
	if _, err := out.Write(head); err != nil {
		return "", err
	}
	// Runs of unchanged bureaus are copied at once.
	var at, run int64 = int64(len(head)), 0
	copyRun := func() error {
		if run == 0 {
			return nil
		}
		if _, err := src.Seek(at, io.SeekStart); err != nil {
			return err
		}
		n, err := io.Copy(out, io.LimitReader(src, run))
		if err == nil && n != run {
			err = io.ErrUnexpectedEOF
		}
		at, run = at+run, 0
		return err
	}
	for n, i := range j.pendRows {
		d, was := j.results[i], old[n]
		if d.head.Parts.Tables[k] == was.Parts.Tables[k] && d.head.RowBytes[k] == was.RowBytes[k] {
			run += was.RowBytes[k]
			continue
		}
		if err := copyRun(); err != nil {
			return "", err
		}
		at += was.RowBytes[k] // the old rows, left out
		j.rn.fill(d, false, true, false)
		if d.fillErr != nil || len(d.rows) != len(opendata.TableNames) {
			return "", fmt.Errorf("splicing %s: the rows of %s", from, d.slug)
		}
		written := int64(0)
		for _, r := range d.rows[k] {
			if _, err := out.Write(r); err != nil {
				return "", err
			}
			written += int64(len(r))
		}
		if written != d.head.RowBytes[k] {
			return "", fmt.Errorf("splicing %s: the rows of %s are not as its entry tells", from, d.slug)
		}
	}
	if err := copyRun(); err != nil {
		return "", err
	}
	return out.Name(), out.Close()
}

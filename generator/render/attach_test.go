package render

import (
	"bytes"
	"testing"
	"testing/fstest"

	"github.com/disclose-portal/disclose/generator/output"
)

// A .txt original in UTF-8 is published with a byte order mark, so that a
// server that sends no charset does not turn it into mojibake; anything
// else is copied byte for byte.
func TestCopyAttachment(t *testing.T) {
	gbk := []byte{0xd6, 0xd0, 0xce, 0xc4} // 中文 in GBK: not UTF-8, left alone
	src := fstest.MapFS{
		"a.txt":  {Data: []byte("项目支出")},
		"b.TXT":  {Data: append(append([]byte{}, utf8BOM...), "已有"...)},
		"c.txt":  {Data: gbk},
		"d.pdf":  {Data: []byte("%PDF-1.7")},
		"e.txt":  {Data: []byte{}},
		"f.docx": {Data: []byte("项目")},
	}
	files := output.NewFileSet()
	for _, n := range []string{"a.txt", "b.TXT", "c.txt", "d.pdf", "e.txt", "f.docx"} {
		copyAttachment(files, "out/"+n, src, n)
	}
	for n, want := range map[string][]byte{
		"a.txt":  append(append([]byte{}, utf8BOM...), "项目支出"...),
		"b.TXT":  src["b.TXT"].Data,
		"c.txt":  gbk,
		"d.pdf":  []byte("%PDF-1.7"),
		"e.txt":  utf8BOM,
		"f.docx": []byte("项目"),
	} {
		got, err := files.Bytes("out/" + n)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s = % x, want % x", n, got, want)
		}
	}
}

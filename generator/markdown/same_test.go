package markdown

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"

	"github.com/disclose-portal/disclose/generator/synth"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"
)

// asBefore is New's goldmark as it was configured before headingIDs,
// renderHeading and linkRefs: goldmark's own parser with
// WithAutoHeadingID. New must render every text as it does.
func asBefore() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)), extension.Strikethrough, chartExtension{}),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(demote{}, 100)),
		),
	)
}

func convertAsBefore(t testing.TB, md goldmark.Markdown, src []byte) []byte {
	var buf bytes.Buffer
	ctx := parser.NewContext(parser.WithIDs(&ids{seen: map[string]bool{}}))
	if err := md.Convert(src, &buf, parser.WithContext(ctx)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Texts where headings, their ids and link reference definitions meet.
var sameCases = []string{
	"# 一、概况\n\n正文。\n\n# 一、概况\n\n## section\n\n#\n\n# \n",
	"[a]: /x\n===\n\n# section\n\n[a]\n",        // an underline under a definition: no heading
	"[a]: /x\n[b]: /y\nTitle\n===\n\n[a] [b]\n", // definitions, then a heading
	"   [foo]: /url \"title\"\n\n[foo]\n",
	"段落 [不是定义]\n\n[x]:\n/y\n\n[x]\n",
	"Title\n---\n\nTitle\n===\n\n> # 引用中的标题\n\n- # 列表中的标题\n",
	"| 项目 | 金额 |\n|:--|--:|\n| [a] | 1 |\n\n[a]: /a\n",
	"## 标题 ##\n\n### <b>粗</b> & \"引号\"\n\n# \\# 转义\n",
	"\t# 缩进代码\n\n  # 两格\n\n~~删除~~ 与 `代码`\n",
	"```chart\nfunds\n```\n\n# 图\n",
	"| 左 | 中 | 右 | 无 |\n|:--|:-:|--:|---|\n| a | *b* | `c` | d |\n| e |\n",
}

// Narratives render as goldmark configured as before renders them:
// the synthetic ones, and texts where the changes could show.
func TestSameAsGoldmark(t *testing.T) {
	r, md := New(), asBefore()
	check := func(name string, src []byte) {
		t.Helper()
		got, err := r.Convert(src)
		if err != nil {
			t.Fatal(err)
		}
		if want := convertAsBefore(t, md, src); !bytes.Equal(got, want) {
			t.Errorf("%s: HTML differs\n got: %s\nwant: %s", name, got, want)
		}
	}
	for i, c := range sameCases {
		check("case "+string(rune('0'+i)), []byte(c))
	}
	n := 0
	for _, seed := range []uint64{1, 2, 3} {
		fsys := synth.MapFS(synth.Options{Bureaus: 3, Years: 5, Seed: seed})
		fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
				return err
			}
			src, err := fs.ReadFile(fsys, p)
			if err != nil {
				t.Fatal(err)
			}
			check(p, src)
			n++
			return nil
		})
	}
	if n == 0 {
		t.Fatal("no synthetic narrative")
	}
}

// FuzzSameAsGoldmark: any text renders as goldmark configured as before
// renders it.
func FuzzSameAsGoldmark(f *testing.F) {
	for _, c := range sameCases {
		f.Add(c)
	}
	r, md := New(), asBefore()
	f.Fuzz(func(t *testing.T, src string) {
		got, err := r.Convert([]byte(src))
		if err != nil {
			return
		}
		if want := convertAsBefore(t, md, []byte(src)); !bytes.Equal(got, want) {
			t.Errorf("%q: HTML differs\n got: %s\nwant: %s", src, got, want)
		}
	})
}

package csvfile

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestEncode(t *testing.T) {
	got := string(Encode([][]string{{"名称", "金额"}, {"甲, \"乙\"", "27531500.00"}}))
	want := "\ufeff名称,金额\r\n\"甲, \"\"乙\"\"\",27531500.00\r\n"
	if got != want {
		t.Errorf("got %q; want %q", got, want)
	}
}

// reference is what encoding/csv writes: the behaviour Encode keeps.
func reference(records [][]string) []byte {
	var buf bytes.Buffer
	buf.WriteString(BOM)
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	w.WriteAll(records)
	return buf.Bytes()
}

func TestEncodeAsEncodingCSV(t *testing.T) {
	cases := [][][]string{
		nil,
		{{""}},
		{{"", ""}, {}},
		{{" 前导空格", "\t制表", "\u3000全角空格"}},
		{{`\.`, `\.x`, `"`, `""`, "a\rb", "a\r\nb", "a\nb", "\r", "\n"}},
		{{"执行率", "100.00%"}, {"项目,名称", "2,753.15"}},
		{{"\xff\xfe 无效", "末尾\""}},
	}
	for _, records := range cases {
		got, want := Encode(records), reference(records)
		if !bytes.Equal(got, want) {
			t.Errorf("Encode(%q):\n got %q\nwant %q", records, got, want)
		}
	}
}

// FuzzEncode: any fields, split into records at '|' and fields at '^',
// encode as encoding/csv encodes them, in a buffer sized once.
func FuzzEncode(f *testing.F) {
	f.Add("名称^金额|甲, \"乙\"^27531500.00")
	f.Add(" a^\\.|\r\n^\"")
	f.Fuzz(func(t *testing.T, s string) {
		var records [][]string
		for _, line := range strings.Split(s, "|") {
			records = append(records, strings.Split(line, "^"))
		}
		got := Encode(records)
		if want := reference(records); !bytes.Equal(got, want) {
			t.Fatalf("Encode(%q):\n got %q\nwant %q", records, got, want)
		}
	})
}

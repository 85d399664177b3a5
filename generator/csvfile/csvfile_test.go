package csvfile

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"unicode"
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

// needsQuotes decodes only the first characters that can be spaces: it
// agrees with unicode.IsSpace on every character that starts a field,
// and on bytes that are not UTF-8.
func TestNeedsQuotesLeadingSpace(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r == ',' || r == '"' || r == '\r' || r == '\n' {
			continue
		}
		field := string(r) + "x"
		if got, want := needsQuotes(field), unicode.IsSpace(r); got != want {
			t.Fatalf("needsQuotes(%q) = %v, want %v", field, got, want)
		}
	}
	for c := 0x80; c < 0x100; c++ {
		if needsQuotes(string([]byte{byte(c), 'x'})) {
			t.Errorf("needsQuotes(%q): a byte that is not UTF-8 is not a space", []byte{byte(c), 'x'})
		}
	}
}

func BenchmarkAppendRecord(b *testing.B) {
	record := []string{"synth-00001-czj", "某某市财政局", "2023", "P001", "城乡居民基本医疗保险补助资金项目", "department", "27531500.00", "", "98.50", "published", "执行率达到预期，偏差原因：无"}
	var dst []byte
	for b.Loop() {
		dst = AppendRecord(dst[:0], record)
	}
}

// hasQuoteByte, eight bytes at a time, finds each of the four bytes at
// every position of fields of every length up to 24, among bytes just
// above and below them, Chinese text and ASCII.
func TestHasQuoteByte(t *testing.T) {
	fills := []string{"a", "-", ".", "+", " ", "\x00", "\x2b", "\x7f", "\xff", "元"}
	for _, fill := range fills {
		for n := 0; n <= 24; n++ {
			base := strings.Repeat(fill, n)
			if hasQuoteByte(base) != strings.ContainsAny(base, ",\"\r\n") {
				t.Fatalf("hasQuoteByte(%q) = %v", base, !strings.ContainsAny(base, ",\"\r\n"))
			}
			for _, c := range []byte{',', '"', '\r', '\n', 0x2d, 0x2b, 0x00} {
				for i := 0; i < len(base); i++ {
					b := []byte(base)
					b[i] = c
					s := string(b)
					if got, want := hasQuoteByte(s), strings.ContainsAny(s, ",\"\r\n"); got != want {
						t.Fatalf("hasQuoteByte(%q) = %v, want %v", s, got, want)
					}
				}
			}
		}
	}
}

func BenchmarkNeedsQuotes(b *testing.B) {
	fields := []string{"主要绩效指标同比增长", "metrics-yoy", "实有经营主体", "2023年", "46.4万户", "-1.00", "由上年数值计算", "城乡居民基本医疗保险补助资金项目执行率达到预期，偏差原因：无"}
	for b.Loop() {
		for _, f := range fields {
			needsQuotes(f)
		}
	}
}

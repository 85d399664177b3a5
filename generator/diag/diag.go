// Package diag holds positioned problems (errors and warnings) found in
// content files, and the one formatter that the CLI, `check --format json`
// and the serve overlay all share.
package diag

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/disclose-portal/disclose/generator/i18n"
)

// Severity tells whether a problem stops a build.
type Severity int

const (
	// Error stops a build.
	Error Severity = iota
	// Warning is reported but does not stop a build unless --strict.
	Warning
	// Note is a remark that never stops a build, even with --strict: a
	// published figure that differs from the computed one only by
	// rounding in its last printed digit.
	Note
)

func (s Severity) String() string {
	switch s {
	case Warning:
		return "warning"
	case Note:
		return "note"
	}
	return "error"
}

// MarshalJSON writes the severity as its name.
func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// UnmarshalJSON reads a severity written by MarshalJSON.
func (s *Severity) UnmarshalJSON(data []byte) error {
	var name string
	if err := json.Unmarshal(data, &name); err != nil {
		return err
	}
	switch name {
	case "error":
		*s = Error
	case "warning":
		*s = Warning
	case "note":
		*s = Note
	default:
		return fmt.Errorf("unknown severity %q", name)
	}
	return nil
}

// Pos is a place in a content file. Line and Col start at 1; Col counts
// characters (runes), as editors do. Zero Line means the whole file.
//
// A place may also be given as a byte offset into the file (Offset, the
// offset plus one): AttachSources resolves it to Line and Col, reading
// the file then, as it does for the source line. Or as a key of the
// file not yet looked up (Key, its path as tomlpos.Join writes it), as
// the model names the places of keys (budget.Origin): load.ResolveKeys
// finds it in the file, once a problem is reported there, and gives
// Offset; reading a file with no problem never looks for a key.
type Pos struct {
	Line   int    `json:"line,omitempty"`
	Col    int    `json:"col,omitempty"`
	Offset int    `json:"-"`
	Key    string `json:"-"`
}

// At is the place of a byte offset, to be resolved by AttachSources.
func At(offset int) Pos { return Pos{Offset: offset + 1} }

// PosAt resolves a byte offset of src to a 1-based line and rune column,
// clamped to the input (a parser may point one past the end). Columns on
// the first line count from after a byte-order mark, as editors show
// them.
func PosAt(src []byte, off int) Pos {
	off = max(0, min(off, len(src)))
	if off == len(src) && off > 0 && src[off-1] == '\n' {
		off-- // point at the last line's end, not at a line that is not there
	}
	for off > 0 && off < len(src) && !utf8.RuneStart(src[off]) {
		off-- // a parser may point inside a multi-byte character
	}
	line := 1 + bytes.Count(src[:off], []byte{'\n'})
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	if start == 0 {
		start = min(BOMLen(src), off)
	}
	return Pos{Line: line, Col: utf8.RuneCount(src[start:off]) + 1}
}

// BOMLen is the length of the byte-order mark src starts with (UTF-8, or
// the UTF-16 marks of a file saved as "Unicode"), or 0.
func BOMLen(src []byte) int {
	for _, bom := range []string{"\xef\xbb\xbf", "\xff\xfe", "\xfe\xff"} {
		if bytes.HasPrefix(src, []byte(bom)) {
			return len(bom)
		}
	}
	return 0
}

// Diagnostic is one problem.
type Diagnostic struct {
	Severity Severity `json:"severity"`
	File     string   `json:"file"`
	Pos
	// Message and Hint are kept as catalogue keys with arguments, and
	// rendered in the editor's language when printed (Write, WriteJSON).
	Message i18n.Text `json:"message"`
	Hint    i18n.Text `json:"hint,omitzero"`
	// Source is the text of the line at Pos, for the excerpt.
	Source string `json:"source,omitempty"`
	// Public says the same for a citizen, in plain Chinese without key
	// names or file syntax, where the problem is about published figures;
	// the report's page shows it. Empty for problems only an editor needs
	// to know (syntax, unknown keys, files).
	Public string `json:"public,omitempty"`
}

// Location renders "file:line:col" (shorter when the position is unknown).
func (d Diagnostic) Location() string {
	switch {
	case d.Line == 0:
		return d.File
	case d.Col == 0:
		return fmt.Sprintf("%s:%d", d.File, d.Line)
	}
	return fmt.Sprintf("%s:%d:%d", d.File, d.Line, d.Col)
}

// Equal reports whether two problems are the same.
func (d Diagnostic) Equal(e Diagnostic) bool {
	return d.Severity == e.Severity && d.File == e.File && d.Pos == e.Pos && d.Source == e.Source &&
		d.Public == e.Public && d.Message.Equal(e.Message) && d.Hint.Equal(e.Hint)
}

// Code is the stable name of the problem: its message key.
func (d Diagnostic) Code() string { return d.Message.Key }

// String is the first line of the problem, in Chinese.
func (d Diagnostic) String() string { return d.Line1(i18n.Zh) }

// Line1 is the first line of the problem in lang: where, how bad, what.
func (d Diagnostic) Line1(lang i18n.Lang) string {
	return fmt.Sprintf("%s: %s: %s", d.Location(), i18n.Sprintf(lang, "diag."+d.Severity.String()), d.Message.In(lang))
}

// Caret returns the spaces and caret that point under Col of Source,
// counting East Asian wide characters as two columns so that the caret
// lines up under Chinese text in a terminal.
func (d Diagnostic) Caret() string {
	if d.Source == "" || d.Col == 0 {
		return ""
	}
	var b strings.Builder
	i := 1
	for _, r := range d.Source {
		if i >= d.Col {
			break
		}
		switch {
		case r == '\t':
			b.WriteByte('\t')
		case isWide(r):
			b.WriteString("  ")
		default:
			b.WriteByte(' ')
		}
		i++
	}
	b.WriteByte('^')
	return b.String()
}

func isWide(r rune) bool {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return true
	}
	return false
}

// List collects problems; it is what every stage returns.
type List []Diagnostic

// Add appends a problem.
func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

// Errorf appends an error at file:pos: the message key with its
// arguments (see i18n.T).
func (l *List) Errorf(file string, pos Pos, key string, args ...any) *Diagnostic {
	*l = append(*l, Diagnostic{Severity: Error, File: file, Pos: pos, Message: i18n.T(key, args...)})
	return &(*l)[len(*l)-1]
}

// Notef appends a note at file:pos.
func (l *List) Notef(file string, pos Pos, key string, args ...any) *Diagnostic {
	*l = append(*l, Diagnostic{Severity: Note, File: file, Pos: pos, Message: i18n.T(key, args...)})
	return &(*l)[len(*l)-1]
}

// Warnf appends a warning at file:pos.
func (l *List) Warnf(file string, pos Pos, key string, args ...any) *Diagnostic {
	*l = append(*l, Diagnostic{Severity: Warning, File: file, Pos: pos, Message: i18n.T(key, args...)})
	return &(*l)[len(*l)-1]
}

// Errors counts the errors.
func (l List) Errors() int { return l.count(Error) }

// Warnings counts the warnings.
func (l List) Warnings() int { return l.count(Warning) }

// Notes counts the notes.
func (l List) Notes() int { return l.count(Note) }

func (l List) count(s Severity) int {
	n := 0
	for _, d := range l {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Sort orders problems by file, line, column, then message (by key and
// arguments, the same order in every language), so that output
// is stable whatever order the checks ran in.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Message.Compare(b.Message) < 0
	})
}

// Promote turns warnings into errors (for --strict); notes stay notes.
func (l List) Promote() {
	for i := range l {
		if l[i].Severity == Warning {
			l[i].Severity = Error
		}
	}
}

// AttachSources resolves the places given as offsets (Pos.Offset) to
// lines and columns, and fills in Source from the file texts, for
// problems that have a line but no excerpt yet.
func (l List) AttachSources(files map[string][]byte) {
	for i := range l {
		d := &l[i]
		text, ok := files[d.File]
		if d.Line == 0 && d.Offset > 0 && ok && text != nil {
			d.Pos = PosAt(text, d.Offset-1)
		}
		if d.Source != "" || d.Line == 0 {
			continue
		}
		if ok {
			d.Source = LineText(text, d.Line)
		}
	}
}

// LineText returns line n (1-based) of text without its newline.
func LineText(text []byte, n int) string {
	for line := 1; len(text) > 0; line++ {
		end := bytes.IndexByte(text, '\n') // not string(text): that copies the rest of the file for every line
		cur := text
		if end >= 0 {
			cur = text[:end]
		}
		if line == n {
			if n == 1 {
				// A byte-order mark is no text of the line; shown, it
				// would move the caret.
				cur = bytes.TrimPrefix(cur, []byte("\ufeff"))
			}
			return strings.TrimRight(string(cur), "\r")
		}
		if end < 0 {
			break
		}
		text = text[end+1:]
	}
	return ""
}

// Write prints the problems in the human format, in lang:
//
//	content/a/2023.toml:12:3: 错误: 未知的键 "excuted"
//	   12 | excuted = 1
//	      | ^
//	      = 提示: 是否想写 executed？
func (l List) Write(w io.Writer, lang i18n.Lang) {
	hint := i18n.Sprintf(lang, "diag.hint")
	for _, d := range l {
		fmt.Fprintln(w, d.Line1(lang))
		gutter := ""
		if d.Source != "" {
			num := fmt.Sprint(d.Line)
			gutter = strings.Repeat(" ", len(num))
			fmt.Fprintf(w, "  %s | %s\n", num, d.Source)
			if c := d.Caret(); c != "" {
				fmt.Fprintf(w, "  %s | %s\n", gutter, c)
			}
		}
		if !d.Hint.IsZero() {
			fmt.Fprintf(w, "  %s = %s: %s\n", gutter, hint, d.Hint.In(lang))
		}
	}
}

// Report is the JSON document `check --format json` prints.
type Report struct {
	Errors      int       `json:"errors"`
	Warnings    int       `json:"warnings"`
	Notes       int       `json:"notes"`
	Diagnostics []Printed `json:"diagnostics"`
}

// Printed is a problem as `check --format json` prints it: the message
// and hint in the chosen language, and the stable code (the message key)
// for tools that should not match text.
type Printed struct {
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`
	File     string   `json:"file"`
	Pos
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
	Source  string `json:"source,omitempty"`
	Public  string `json:"public,omitempty"`
}

// Print renders d in lang.
func (d Diagnostic) Print(lang i18n.Lang) Printed {
	return Printed{Severity: d.Severity, Code: d.Code(), File: d.File, Pos: d.Pos,
		Message: d.Message.In(lang), Hint: d.Hint.In(lang), Source: d.Source, Public: d.Public}
}

// WriteJSON prints the problems as one JSON document, in lang.
func (l List) WriteJSON(w io.Writer, lang i18n.Lang) error {
	r := Report{Errors: l.Errors(), Warnings: l.Warnings(), Notes: l.Notes(), Diagnostics: []Printed{}}
	for _, d := range l {
		r.Diagnostics = append(r.Diagnostics, d.Print(lang))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// Suggest returns the candidate closest to word by edit distance, or ""
// when none is close enough to be a likely typo.
func Suggest(word string, candidates []string) string {
	best, bestDist := "", len(word)/2+2
	for _, c := range candidates {
		if d := editDistance(word, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

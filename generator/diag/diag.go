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

	"golang.org/x/text/width"
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
type Pos struct {
	Line int `json:"line,omitempty"`
	Col  int `json:"col,omitempty"`
}

// Diagnostic is one problem.
type Diagnostic struct {
	Severity Severity `json:"severity"`
	File     string   `json:"file"`
	Pos
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
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

func (d Diagnostic) String() string {
	return fmt.Sprintf("%s: %s: %s", d.Location(), d.Severity, d.Message)
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

// Errorf appends an error at file:pos.
func (l *List) Errorf(file string, pos Pos, format string, args ...any) *Diagnostic {
	*l = append(*l, Diagnostic{Severity: Error, File: file, Pos: pos, Message: fmt.Sprintf(format, args...)})
	return &(*l)[len(*l)-1]
}

// Notef appends a note at file:pos.
func (l *List) Notef(file string, pos Pos, format string, args ...any) *Diagnostic {
	*l = append(*l, Diagnostic{Severity: Note, File: file, Pos: pos, Message: fmt.Sprintf(format, args...)})
	return &(*l)[len(*l)-1]
}

// Warnf appends a warning at file:pos.
func (l *List) Warnf(file string, pos Pos, format string, args ...any) *Diagnostic {
	*l = append(*l, Diagnostic{Severity: Warning, File: file, Pos: pos, Message: fmt.Sprintf(format, args...)})
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

// Sort orders problems by file, line, column, then message, so that output
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
		return a.Message < b.Message
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

// AttachSources fills in Source from the file texts, for problems that
// have a line but no excerpt yet.
func (l List) AttachSources(files map[string][]byte) {
	for i := range l {
		d := &l[i]
		if d.Source != "" || d.Line == 0 {
			continue
		}
		if text, ok := files[d.File]; ok {
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
			return strings.TrimRight(string(cur), "\r")
		}
		if end < 0 {
			break
		}
		text = text[end+1:]
	}
	return ""
}

// Write prints the problems in the human format:
//
//	content/a/2023.toml:12:3: error: unknown key "excuted"
//	   12 | excuted = 1
//	      | ^
//	      = hint: did you mean "executed"?
func (l List) Write(w io.Writer) {
	for _, d := range l {
		fmt.Fprintln(w, d.String())
		gutter := ""
		if d.Source != "" {
			num := fmt.Sprint(d.Line)
			gutter = strings.Repeat(" ", len(num))
			fmt.Fprintf(w, "  %s | %s\n", num, d.Source)
			if c := d.Caret(); c != "" {
				fmt.Fprintf(w, "  %s | %s\n", gutter, c)
			}
		}
		if d.Hint != "" {
			fmt.Fprintf(w, "  %s = hint: %s\n", gutter, d.Hint)
		}
	}
}

// Report is the JSON document `check --format json` prints.
type Report struct {
	Errors      int          `json:"errors"`
	Warnings    int          `json:"warnings"`
	Notes       int          `json:"notes"`
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// WriteJSON prints the problems as one JSON document.
func (l List) WriteJSON(w io.Writer) error {
	r := Report{Errors: l.Errors(), Warnings: l.Warnings(), Notes: l.Notes(), Diagnostics: l}
	if r.Diagnostics == nil {
		r.Diagnostics = []Diagnostic{}
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

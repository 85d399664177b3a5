package xlsx

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/disclose-portal/disclose/generator/i18n"
)

// quote is a TOML basic string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f || r == utf8.RuneError:
			b.WriteString(`\u` + padHex(r))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func padHex(r rune) string {
	h := strconv.FormatInt(int64(r), 16)
	return strings.Repeat("0", 4-len(h)) + strings.ToUpper(h)
}

// comment is a TOML comment with no line breaks.
func comment(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

// TOML renders the draft as a year file: every value with a comment
// naming its cell, comments in lang. year is the file's year.
func (d *Draft) TOML(year int, lang i18n.Lang) []byte {
	var b strings.Builder
	line := func(f Field, prefix string) {
		note := f.At
		if !f.Note.IsZero() {
			note += " " + f.Note.In(lang)
		}
		if f.Key == "" {
			b.WriteString("# " + comment(note) + "\n")
			return
		}
		b.WriteString(f.Key + " = " + f.Lit + " # " + comment(prefix+note) + "\n")
	}
	prefix := d.File + " "
	b.WriteString("# " + comment(i18n.T("import.source_comment", d.File).In(lang)) + "\n")
	if len(d.Projects) > 0 {
		forms := map[string]bool{}
		for _, p := range d.Projects {
			forms[p.Form] = true
		}
		if len(forms) == 1 {
			b.WriteString("# " + i18n.T("import.form_guess", d.Projects[0].Form).In(lang) + "\n")
		}
	}
	b.WriteString("\n")
	if d.Title.Lit != "" {
		line(d.Title, prefix)
	} else {
		t := strconv.Itoa(year) + "年项目支出绩效自评表"
		b.WriteString("# " + comment(i18n.T("import.no_title", t).In(lang)) + "\n")
		b.WriteString("title = " + quote(t) + "\n")
	}
	b.WriteString("year = " + strconv.Itoa(year) + "\n")
	sameForm := ""
	if len(d.Projects) > 0 {
		sameForm = d.Projects[0].Form
		for _, p := range d.Projects {
			if p.Form != sameForm {
				sameForm = ""
			}
		}
		if sameForm != "" {
			b.WriteString("form = " + quote(sameForm) + "\n")
		}
	}
	b.WriteString("unit = " + quote(d.Unit.Name) + "\n")
	if d.FundsTotal != nil || len(d.Sources) > 0 {
		b.WriteString("\n[funds]\n")
		if d.FundsTotal != nil {
			line(*d.FundsTotal, prefix)
		}
		for _, s := range d.Sources {
			b.WriteString("\n[[funds.sources]]\n")
			for _, f := range s.Fields {
				line(f, prefix)
			}
			for _, it := range s.Items {
				b.WriteString("\n[[funds.sources.items]]\n")
				for _, f := range it {
					line(f, prefix)
				}
			}
		}
	}
	for _, p := range d.Projects {
		b.WriteString("\n[[projects]]\n")
		b.WriteString("id = " + quote(p.ID) + " # " + i18n.T("import.auto_id").In(lang) + "\n")
		if sameForm == "" {
			b.WriteString("form = " + quote(p.Form) + "\n")
		}
		for _, f := range p.Fields {
			line(f, prefix)
		}
		for _, row := range p.Funds {
			b.WriteString("\n[[projects.funds]]\n")
			for _, f := range row {
				line(f, prefix)
			}
		}
		for _, row := range p.Indicators {
			b.WriteString("\n[[projects.indicators]]\n")
			for _, f := range row {
				line(f, prefix)
			}
		}
	}
	return []byte(b.String())
}

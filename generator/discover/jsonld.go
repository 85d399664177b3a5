package discover

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/opendata"
	"github.com/disclose-portal/disclose/generator/permalink"
)

// DatasetLD is the schema.org Dataset that a report page carries as
// JSON-LD: what the report is, who made it, and where its data can be
// downloaded. URLs are absolute with a base URL, else relative to the
// page (JSON-LD resolves them against the page's address). The JSON is
// HTML-escaped (\u003c for <), so it cannot end its script element.
//
// It is written straight into one buffer, keys in sorted order, as
// encoding/json wrote the map it was made from before (the same bytes:
// TestDatasetLDAsMap), without a map, boxed values and reflection for
// every report (~12 KB a report).
func DatasetLD(base permalink.Base, cfg budget.Config, r *budget.Report) []byte {
	page := "./"
	if base.IsSet() {
		// base.URL(dir + name) is this followed by name: the files'
		// names need no escaping in a path.
		page = base.URL(permalink.ReportDir(r.Bureau.Slug, r.Year) + "/")
	}
	// contentUrl is the file's name alone without a base URL; the
	// names (report.json, the tables' CSVs) need no escaping in JSON.
	content := func(b []byte, name, ext string) []byte {
		if base.IsSet() {
			b = appendJSONString(b, page)
			b = b[:len(b)-1] // its closing quote
		} else {
			b = append(b, '"')
		}
		return append(append(append(b, name...), ext...), '"')
	}
	summary := Summary(r)
	b := make([]byte, 0, 1280+2*len(summary)+len(r.Title)+len(page)*(len(opendata.TableNames)+2))
	b = append(b, `{"@context":"https://schema.org","@type":"Dataset","creator":{"@type":"GovernmentOrganization","name":`...)
	b = appendJSONString(b, r.Bureau.Name)
	b = append(b, '}')
	if !r.Published.IsZero() {
		b = append(b, `,"datePublished":`...)
		b = appendJSONString(b, r.Published.String())
	}
	b = append(b, `,"description":`...)
	b = appendJSONString(b, summary)
	b = append(b, `,"distribution":[{"@type":"DataDownload","contentUrl":`...)
	b = content(b, "report.json", "")
	b = append(b, `,"encodingFormat":"application/json","name":"report.json"}`...)
	for _, t := range opendata.TableNames {
		b = append(b, `,{"@type":"DataDownload","contentUrl":`...)
		b = content(b, t, ".csv")
		b = append(b, `,"encodingFormat":"text/csv","name":"`...)
		b = append(append(b, t...), `.csv"}`...)
	}
	b = append(b, `],"inLanguage":`...)
	b = appendJSONString(b, cfg.Language)
	b = append(b, `,"isAccessibleForFree":true`...)
	if r.SourceURL != "" {
		b = append(b, `,"isBasedOn":`...)
		b = appendJSONString(b, r.SourceURL)
	}
	b = append(b, `,"keywords":["预算绩效","项目支出","绩效自评",`...)
	b = appendJSONString(b, r.Bureau.Name)
	b = append(b, ']')
	if l := cfg.Publisher.License; l != "" {
		b = append(b, `,"license":`...)
		if u := opendata.LicenseURL(l); u != "" {
			l = u
		}
		b = appendJSONString(b, l)
	}
	b = append(b, `,"name":`...)
	// Bureau name and title joined by a space, each escaped alone: the
	// space ends any invalid sequence the name ends in.
	b = append(b, '"')
	b = appendJSONText(b, r.Bureau.Name)
	b = append(b, ' ')
	b = appendJSONText(b, r.Title)
	b = append(b, '"')
	if cfg.Publisher.Name != "" {
		b = append(b, `,"publisher":{"@type":"Organization","name":`...)
		b = appendJSONString(b, cfg.Publisher.Name)
		b = append(b, '}')
	}
	if r.Bureau.Region != "" {
		b = append(b, `,"spatialCoverage":{"@type":"Place","name":`...)
		b = appendJSONString(b, r.Bureau.Region)
		b = append(b, '}')
	}
	b = append(b, `,"temporalCoverage":"`...)
	b = strconv.AppendInt(b, int64(r.Year), 10)
	b = append(b, `","url":`...)
	b = appendJSONString(b, page)
	return append(b, '}')
}

// appendJSONString appends s as encoding/json writes a string with HTML
// escaping on.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendJSONText(b, s)
	return append(b, '"')
}

// appendJSONText appends s escaped, without quotes: as it is when no
// byte of it needs escaping (the usual case: Chinese text, names,
// URLs), else as encoding/json escapes it.
func appendJSONText(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return appendJSONSlow(b, s)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return appendJSONSlow(b, s)
		}
		i += size
	}
	return append(b, s...)
}

func appendJSONSlow(b []byte, s string) []byte {
	q, err := json.Marshal(s) // HTML-escaped, as the encoder's default
	if err != nil {
		panic(err) // a string always encodes
	}
	return append(b, q[1:len(q)-1]...)
}

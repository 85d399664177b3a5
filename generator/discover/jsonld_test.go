package discover

import (
	"bytes"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/opendata"
	"github.com/disclose-portal/disclose/generator/permalink"
	"github.com/disclose-portal/disclose/generator/synth"
)

// datasetLDMap is DatasetLD as it was: a map encoded by encoding/json,
// kept to hold the written bytes to it.
func datasetLDMap(base permalink.Base, cfg budget.Config, r *budget.Report) []byte {
	dir := permalink.ReportDir(r.Bureau.Slug, r.Year) + "/"
	abs := func(name string) string {
		if !base.IsSet() {
			return name
		}
		return base.URL(dir + name)
	}
	page := abs("")
	if page == "" {
		page = "./"
	}
	type obj = map[string]any
	d := obj{
		"@context":            "https://schema.org",
		"@type":               "Dataset",
		"name":                r.Bureau.Name + " " + r.Title,
		"description":         Summary(r),
		"url":                 page,
		"inLanguage":          cfg.Language,
		"temporalCoverage":    strconv.Itoa(r.Year),
		"keywords":            []string{"预算绩效", "项目支出", "绩效自评", r.Bureau.Name},
		"creator":             obj{"@type": "GovernmentOrganization", "name": r.Bureau.Name},
		"isAccessibleForFree": true,
	}
	if r.Bureau.Region != "" {
		d["spatialCoverage"] = obj{"@type": "Place", "name": r.Bureau.Region}
	}
	if cfg.Publisher.Name != "" {
		d["publisher"] = obj{"@type": "Organization", "name": cfg.Publisher.Name}
	}
	if l := cfg.Publisher.License; l != "" {
		if u := opendata.LicenseURL(l); u != "" {
			d["license"] = u
		} else {
			d["license"] = l
		}
	}
	if !r.Published.IsZero() {
		d["datePublished"] = r.Published.String()
	}
	if r.SourceURL != "" {
		d["isBasedOn"] = r.SourceURL
	}
	dist := []obj{{"@type": "DataDownload", "name": "report.json", "encodingFormat": "application/json", "contentUrl": abs("report.json")}}
	for _, t := range opendata.TableNames {
		dist = append(dist, obj{"@type": "DataDownload", "name": t + ".csv", "encodingFormat": "text/csv", "contentUrl": abs(t + ".csv")})
	}
	d["distribution"] = dist
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	if err := enc.Encode(d); err != nil {
		panic(err)
	}
	return bytes.TrimSpace(buf.Bytes())
}

// TestDatasetLDAsMap holds DatasetLD to the map encoding/json wrote
// before, on synthetic reports and on texts that need escaping (HTML's
// <, > and &, quotes, control characters, invalid UTF-8, U+2028),
// with and without a base URL, publisher, license, region, date and
// source.
func TestDatasetLDAsMap(t *testing.T) {
	s, diags := load.Site(synth.MapFS(synth.Options{Bureaus: 3, Years: 3, Seed: 7}))
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	withBase, err := permalink.ParseBase("https://example.org/门户/a&b/")
	if err != nil {
		t.Fatal(err)
	}
	odd := []string{"", "plain", `引号"与\反斜杠`, "<script>&amp;</script>", "tab\there\nline\x01\x1f", "bad\xff\xfeutf8", "sep\u2028and\u2029", "emoji 😀 中文"}
	cfgs := []budget.Config{s.Config,
		{Language: "zh-CN", Publisher: budget.Publisher{Name: "财政局 <公开>", License: "CC0-1.0"}},
		{Language: "zh-\"CN", Publisher: budget.Publisher{License: "自定义 & 许可"}},
		{Publisher: budget.Publisher{License: "https://example.org/l?a=1&b=<2>"}},
	}
	n := 0
	for _, b := range s.Bureaus {
		for _, r := range b.Reports {
			for ci, cfg := range cfgs {
				for _, base := range []permalink.Base{{}, withBase} {
					check := func() {
						t.Helper()
						n++
						if got, want := DatasetLD(base, cfg, r), datasetLDMap(base, cfg, r); !bytes.Equal(got, want) {
							t.Fatalf("config %d, %s:\n got %s\nwant %s", ci, r.File, got, want)
						}
					}
					check()
					saved, savedBureau := *r, *r.Bureau
					for i, o := range odd {
						r.Title, r.SourceURL = o, odd[(i+1)%len(odd)]
						r.Bureau.Name, r.Bureau.Region = odd[(i+2)%len(odd)], odd[(i+3)%len(odd)]
						r.Published = budget.Date{}
						if i%2 == 1 {
							r.Published = budget.Date{Year: 2024, Month: i, Day: 3}
						}
						check()
					}
					*r, *r.Bureau = saved, savedBureau
				}
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d cases", n)
	}
}

// TestDatasetLDAllocs bounds DatasetLD's allocations for a synthetic
// report: the buffer and the texts it is made of (the summary and the
// name), where the map, its values and encoding/json made ~60.
func TestDatasetLDAllocs(t *testing.T) {
	s, diags := load.Site(synth.MapFS(synth.Options{Bureaus: 1, Years: 1, Seed: 3}))
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	r := s.Bureaus[0].Reports[0]
	summary := testing.AllocsPerRun(20, func() { Summary(r) })
	got := testing.AllocsPerRun(20, func() { DatasetLD(permalink.Base{}, s.Config, r) })
	if got > summary+2 {
		t.Errorf("DatasetLD: %.0f allocations, its summary %.0f; want at most the summary's + 2", got, summary)
	}
	old := testing.AllocsPerRun(20, func() { datasetLDMap(permalink.Base{}, s.Config, r) })
	t.Logf("allocations: %.0f (summary %.0f), as a map %.0f", got, summary, old)
}

package discover

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/opendata"
	"github.com/disclose-portal/disclose/generator/permalink"
)

// DatasetLD is the schema.org Dataset that a report page carries as
// JSON-LD: what the report is, who made it, and where its data can be
// downloaded. URLs are absolute with a base URL, else relative to the
// page (JSON-LD resolves them against the page's address). The JSON is
// HTML-escaped (\u003c for <), so it cannot end its script element.
func DatasetLD(base permalink.Base, cfg budget.Config, r *budget.Report) []byte {
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
	enc := json.NewEncoder(&buf) // map keys are sorted: stable bytes
	if err := enc.Encode(d); err != nil {
		panic(err)
	}
	return bytes.TrimSpace(buf.Bytes())
}

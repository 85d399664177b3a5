package opendata

import (
	"fmt"
	"strings"

	"github.com/disclose-portal/disclose/generator/budget"
)

// DataPackage is the Fiscal Data Package descriptor of the site-wide
// tables (data/datapackage.json).
//
// The profile's published JSON Schema (fiscal-data-package.json in the
// npm package datapackage) extends the tabular one and pins "profile" to
// "tabular-data-package"; what makes the package fiscal is its "model".
type DataPackage struct {
	Profile      string      `json:"profile"`
	Name         string      `json:"name"`
	Title        string      `json:"title"`
	Description  string      `json:"description,omitempty"`
	Homepage     string      `json:"homepage,omitempty"`
	Licenses     []License   `json:"licenses,omitempty"`
	Contributors []Person    `json:"contributors,omitempty"`
	CountryCode  string      `json:"countryCode"`
	Granularity  string      `json:"granularity"`
	FiscalPeriod *Period     `json:"fiscalPeriod,omitempty"`
	Resources    []Resource  `json:"resources"`
	Model        FiscalModel `json:"model"`
}

// License names an Open Definition license.
type License struct {
	Name  string `json:"name,omitempty"`
	Path  string `json:"path,omitempty"`
	Title string `json:"title,omitempty"`
}

// Person is a contributor.
type Person struct {
	Title string `json:"title"`
	Email string `json:"email,omitempty"`
	Role  string `json:"role"`
}

// Period is the fiscal period the data covers.
type Period struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// Resource is a tabular data resource: one CSV file.
type Resource struct {
	Profile   string      `json:"profile"`
	Name      string      `json:"name"`
	Title     string      `json:"title"`
	Path      string      `json:"path"`
	Format    string      `json:"format"`
	Mediatype string      `json:"mediatype"`
	Encoding  string      `json:"encoding"`
	Dialect   Dialect     `json:"dialect"`
	Schema    TableSchema `json:"schema"`
}

// Dialect is the CSV dialect of the files.
type Dialect struct {
	Delimiter      string `json:"delimiter"`
	LineTerminator string `json:"lineTerminator"`
	QuoteChar      string `json:"quoteChar"`
	DoubleQuote    bool   `json:"doubleQuote"`
	Header         bool   `json:"header"`
}

// TableSchema describes a resource's columns.
type TableSchema struct {
	Fields      []SchemaField `json:"fields"`
	MissingVals []string      `json:"missingValues"`
}

// SchemaField is one column.
type SchemaField struct {
	Name        string `json:"name"`
	Title       string `json:"title"`
	Type        string `json:"type"`
	Description string `json:"description,omitempty"`
	BareNumber  *bool  `json:"bareNumber,omitempty"`
}

// FiscalModel maps columns to measures and dimensions.
type FiscalModel struct {
	Measures   map[string]Measure   `json:"measures"`
	Dimensions map[string]Dimension `json:"dimensions"`
}

// Measure is a money column.
type Measure struct {
	Source    string `json:"source"`
	Resource  string `json:"resource"`
	Currency  string `json:"currency"`
	Direction string `json:"direction,omitempty"`
	Phase     string `json:"phase,omitempty"`
	Title     string `json:"title"`
}

// Dimension groups the columns that describe a measure.
type Dimension struct {
	Attributes    map[string]Attribute `json:"attributes"`
	PrimaryKey    []string             `json:"primaryKey"`
	DimensionType string               `json:"dimensionType"`
	Title         string               `json:"title"`
}

// Attribute is one column of a dimension.
type Attribute struct {
	Source   string `json:"source"`
	Resource string `json:"resource,omitempty"`
	LabelFor string `json:"labelfor,omitempty"`
}

// packageDescription tells readers of the tables that an empty cell is a
// figure the report did not print, and which columns are computed.
const packageDescription = "项目支出绩效自评报告中的资金结构、项目预算执行与评分、绩效指标和主要绩效指标，金额单位为元。" +
	"空单元格表示报告未列出该数，不是 0；名为 *_computed 的列是本站根据报告所列数字计算的值，" +
	"*_status 列说明同名数值是报告所列（published）还是计算所得（computed）。"

// NewDataPackage describes the site-wide tables. years are the years the
// site covers, sorted ascending.
func NewDataPackage(cfg budget.Config, tables []*Table, years []int) *DataPackage {
	dp := &DataPackage{
		Profile:     "tabular-data-package",
		Name:        "budget-performance",
		Title:       cfg.Title + " 项目支出绩效自评数据",
		Description: packageDescription,
		Homepage:    cfg.BaseURL,
		CountryCode: "CN",
		Granularity: "aggregated",
	}
	switch l := cfg.Publisher.License; {
	case l == "":
	case licenseName(l):
		dp.Licenses = []License{{Name: l, Path: LicenseURL(l)}}
	default:
		dp.Licenses = []License{{Title: l, Path: LicenseURL(l)}}
	}
	if cfg.Publisher.Name != "" {
		dp.Contributors = []Person{{Title: cfg.Publisher.Name, Role: "publisher"}}
		if strings.Contains(cfg.Publisher.Contact, "@") {
			dp.Contributors[0].Email = cfg.Publisher.Contact
		}
	}
	if len(years) > 0 {
		dp.FiscalPeriod = &Period{Start: itoa4(years[0]) + "-01-01", End: itoa4(years[len(years)-1]) + "-12-31"}
	}
	for _, t := range tables {
		r := Resource{Profile: "tabular-data-resource", Name: t.Name, Title: t.Title, Path: t.Name + ".csv",
			Format: "csv", Mediatype: "text/csv", Encoding: "utf-8-sig",
			Dialect: Dialect{Delimiter: ",", LineTerminator: "\r\n", QuoteChar: "\"", DoubleQuote: true, Header: true},
			Schema:  TableSchema{MissingVals: []string{""}}}
		for _, f := range t.Fields {
			sf := SchemaField{Name: f.Name, Title: f.Title, Type: f.Type, Description: f.Description}
			r.Schema.Fields = append(r.Schema.Fields, sf)
		}
		dp.Resources = append(dp.Resources, r)
	}
	m := func(source, resource, phase, title string) Measure {
		return Measure{Source: source, Resource: resource, Currency: "CNY", Direction: "expenditure", Phase: phase, Title: title}
	}
	dp.Model.Measures = map[string]Measure{
		"approved":    m("initial", "projects", "approved", "年初预算数"),
		"adjusted":    m("adjusted", "projects", "adjusted", "全年预算数"),
		"received":    m("received", "projects", "", "实际到位资金"),
		"executed":    m("executed", "projects", "executed", "全年执行数"),
		"fund_amount": m("amount", "funds", "executed", "项目支出（按资金来源）"),
	}
	attr := func(source, resource string) Attribute { return Attribute{Source: source, Resource: resource} }
	dp.Model.Dimensions = map[string]Dimension{
		"bureau": {Title: "部门", DimensionType: "entity", PrimaryKey: []string{"bureau"},
			Attributes: map[string]Attribute{"bureau": attr("bureau", "projects"), "bureau_name": {Source: "bureau_name", Resource: "projects", LabelFor: "bureau"}}},
		"year": {Title: "年度", DimensionType: "datetime", PrimaryKey: []string{"year"},
			Attributes: map[string]Attribute{"year": attr("year", "projects")}},
		"project": {Title: "评价项目", DimensionType: "activity", PrimaryKey: []string{"project_id"},
			Attributes: map[string]Attribute{"project_id": attr("project_id", "projects"), "project_name": {Source: "project_name", Resource: "projects", LabelFor: "project_id"}}},
		"source": {Title: "资金来源", DimensionType: "classification", PrimaryKey: []string{"source", "item"},
			Attributes: map[string]Attribute{"source": attr("source", "funds"), "item": attr("item", "funds")}},
	}
	return dp
}

// licenseName reports whether l can stand as an Open Definition license
// identifier (the schema allows letters, digits, - . _).
func licenseName(l string) bool {
	for _, c := range l {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_') {
			return false
		}
	}
	return true
}

func itoa4(y int) string { return fmt.Sprintf("%04d", y) }

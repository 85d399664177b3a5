package opendata

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func compile(t *testing.T, name string, schema []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(name, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validateJSON(s *jsonschema.Schema, data []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return s.Validate(inst)
}

// TestDataPackageValid validates data/datapackage.json against the
// published Fiscal Data Package schema (testdata/README.md says where it
// comes from), and checks that the schema does catch a broken model.
func TestDataPackageValid(t *testing.T) {
	fdp, err := os.ReadFile("testdata/fiscal-data-package.json")
	if err != nil {
		t.Fatal(err)
	}
	s := compile(t, "fiscal-data-package.json", fdp)
	_, files := built(t)
	data, err := files.Bytes(PackagePath)
	if err != nil {
		t.Fatal(err)
	}
	if err := validateJSON(s, data); err != nil {
		t.Fatalf("datapackage.json is not a valid Fiscal Data Package:\n%v", err)
	}

	var dp DataPackage
	if err := json.Unmarshal(data, &dp); err != nil {
		t.Fatal(err)
	}
	phases := map[string]string{}
	for name, m := range dp.Model.Measures {
		if m.Currency != "CNY" {
			t.Errorf("measure %s: currency %q", name, m.Currency)
		}
		phases[m.Source] = m.Phase
	}
	if phases["initial"] != "approved" || phases["adjusted"] != "adjusted" || phases["executed"] != "executed" {
		t.Errorf("phases: %v", phases)
	}
	for _, d := range []string{"bureau", "year", "source", "project"} {
		if _, ok := dp.Model.Dimensions[d]; !ok {
			t.Errorf("no dimension %s", d)
		}
	}
	// Every resource is a file of the site, and every column the model
	// names is a column of its resource.
	cols := map[string]map[string]bool{}
	for _, r := range dp.Resources {
		if _, err := files.Bytes(DataDir + "/" + r.Path); err != nil {
			t.Errorf("resource %s: %v", r.Path, err)
		}
		cols[r.Name] = map[string]bool{}
		for _, f := range r.Schema.Fields {
			cols[r.Name][f.Name] = true
		}
	}
	for name, m := range dp.Model.Measures {
		if !cols[m.Resource][m.Source] {
			t.Errorf("measure %s: no column %s in %s", name, m.Source, m.Resource)
		}
	}
	for name, d := range dp.Model.Dimensions {
		for an, a := range d.Attributes {
			if !cols[a.Resource][a.Source] {
				t.Errorf("dimension %s attribute %s: no column %s in %s", name, an, a.Source, a.Resource)
			}
		}
	}

	broken := strings.Replace(string(data), `"currency": "CNY"`, `"currency": "yuan"`, 1)
	if err := validateJSON(s, []byte(broken)); err == nil {
		t.Error("the schema accepted a measure with currency \"yuan\"")
	}
}

// TestReportJSONValid validates every report.json against the schema the
// site ships, and checks that the schema rejects a stray field.
func TestReportJSONValid(t *testing.T) {
	s := compile(t, "report.schema.json", ReportSchema)
	// Reports that leave figures out, print a 合计, or have no projects.
	for name, data := range sparseDocs(t) {
		if err := validateJSON(s, data); err != nil {
			t.Errorf("%s report.json:\n%v\n%s", name, err, data)
		}
	}
	// An absent amount is null, not 0 and not some other shape.
	sparse := string(sparseDocs(t)["sparse"])
	for _, bad := range []struct{ from, to string }{
		{`"received":null`, `"received":0`},
		{`"received":null`, `"received":{"yuan":"","value":""}`},
		{`"status":null`, `"status":"guessed"`},
		{`"agreement":null`, `"agreement":"close"`},
		{`"format":"disclose-report/2"`, `"format":"disclose-report/1"`},
	} {
		if !strings.Contains(sparse, bad.from) {
			t.Fatalf("sparse report.json has no %s", bad.from)
		}
		if err := validateJSON(s, []byte(strings.Replace(sparse, bad.from, bad.to, 1))); err == nil {
			t.Errorf("the schema accepted %s", bad.to)
		}
	}
	site, files := built(t)
	for _, r := range reports(site) {
		data, err := files.Bytes(ReportDir(r) + "/report.json")
		if err != nil {
			t.Fatal(err)
		}
		if err := validateJSON(s, data); err != nil {
			t.Errorf("%s/report.json:\n%v", ReportDir(r), err)
		}
		broken := strings.Replace(string(data), `"yuan":`, `"yuan": "1", "fen":`, 1)
		if err := validateJSON(s, []byte(broken)); err == nil {
			t.Errorf("%s: the schema accepted an unknown field", ReportDir(r))
		}
	}
	if _, err := files.Bytes(SchemaPath); err != nil {
		t.Errorf("the schema is not in the site: %v", err)
	}
}

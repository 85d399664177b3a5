package diag_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/i18n"
)

func sample() diag.List {
	return diag.List{{Severity: diag.Error, File: "content/a/2023.toml", Pos: diag.Pos{Line: 41, Col: 1},
		Message: i18n.T("load.unknown_key_in", "excuted", i18n.Row("row.project", 2, "商事制度改革", "business-registration")),
		Hint:    i18n.T("hint.did_you_mean", "executed"), Source: "excuted = 27"}}
}

// TestWrite: one list, printed in either language; key names and the
// file's text stay as written.
func TestWrite(t *testing.T) {
	for _, c := range []struct {
		lang i18n.Lang
		want string
	}{
		{i18n.Zh, `content/a/2023.toml:41:1: 错误: 未知的键 "excuted"（在项目「商事制度改革」(id = business-registration)中）
  41 | excuted = 27
     | ^
     = 提示: 是否想写 executed？
`},
		{i18n.En, `content/a/2023.toml:41:1: error: unknown key "excuted" in project "商事制度改革" (id = business-registration)
  41 | excuted = 27
     | ^
     = hint: did you mean "executed"?
`},
	} {
		var b strings.Builder
		sample().Write(&b, c.lang)
		if b.String() != c.want {
			t.Errorf("%s:\n%s\nwant:\n%s", c.lang, b.String(), c.want)
		}
	}
}

// TestWriteJSON: the JSON report carries the message in the chosen
// language and the key as a stable code.
func TestWriteJSON(t *testing.T) {
	var b strings.Builder
	if err := sample().WriteJSON(&b, i18n.Zh); err != nil {
		t.Fatal(err)
	}
	var r struct {
		Errors      int
		Diagnostics []map[string]any
	}
	if err := json.Unmarshal([]byte(b.String()), &r); err != nil {
		t.Fatal(err)
	}
	d := r.Diagnostics[0]
	if r.Errors != 1 || d["code"] != "load.unknown_key_in" || d["hint"] != "是否想写 executed？" || d["severity"] != "error" ||
		!strings.HasPrefix(d["message"].(string), `未知的键 "excuted"`) {
		t.Errorf("%s", b.String())
	}
}

// TestRoundTrip: a problem kept in a cache (as JSON) reads back equal,
// and still renders in either language.
func TestRoundTrip(t *testing.T) {
	data, err := json.Marshal(sample())
	if err != nil {
		t.Fatal(err)
	}
	var back diag.List
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if len(back) != 1 || !back[0].Equal(sample()[0]) {
		t.Errorf("%s read back as %+v", data, back)
	}
}

// TestLineTextBOM: the excerpt of the first line leaves out a byte-order
// mark, so that the caret stands under the column editors count.
func TestLineTextBOM(t *testing.T) {
	src := []byte("\ufefftilte = \"x\"\r\nyear = 2024\r\n")
	if got := diag.LineText(src, 1); got != `tilte = "x"` {
		t.Errorf("line 1: %q", got)
	}
	if got := diag.LineText(src, 2); got != "year = 2024" {
		t.Errorf("line 2: %q", got)
	}
}

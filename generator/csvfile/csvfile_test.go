package csvfile

import "testing"

func TestEncode(t *testing.T) {
	got := string(Encode([][]string{{"名称", "金额"}, {"甲, \"乙\"", "27531500.00"}}))
	want := "\ufeff名称,金额\r\n\"甲, \"\"乙\"\"\",27531500.00\r\n"
	if got != want {
		t.Errorf("got %q; want %q", got, want)
	}
}

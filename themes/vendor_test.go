package themes

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"strings"
	"testing"
)

// TestVendoredECharts checks that the vendored ECharts is the file its
// VERSION records (scripts/update-echarts.sh writes both), and that its
// license texts travel with it.
func TestVendoredECharts(t *testing.T) {
	const dir = "assets/vendor/echarts/"
	th := Default()
	rec, err := fs.ReadFile(th, dir+"VERSION")
	if err != nil {
		t.Fatal(err)
	}
	var version, want, file string
	sc := bufio.NewScanner(strings.NewReader(string(rec)))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 2 && f[0] == "echarts":
			version = f[1]
		case len(f) == 3 && f[0] == "sha256":
			want, file = f[1], f[2]
		}
	}
	if !strings.HasPrefix(version, "6.") {
		t.Errorf("VERSION records echarts %q, want 6.x", version)
	}
	if file == "" || len(want) != 64 {
		t.Fatalf("VERSION has no sha256 line:\n%s", rec)
	}
	data, err := fs.ReadFile(th, dir+file)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != want {
		t.Errorf("%s%s has sha256 %s, VERSION records %s: run scripts/update-echarts.sh", dir, file, got, want)
	}
	for _, name := range []string{"LICENSE", "NOTICE"} {
		if _, err := fs.Stat(th, dir+name); err != nil {
			t.Errorf("ECharts is Apache-2.0: %s must be vendored beside it: %v", name, err)
		}
	}
}

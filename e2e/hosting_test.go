package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/site"
)

// TestHosting serves the example under /jixiao/ with the configurations
// of docs/hosting/ (nginx, Apache httpd) and checks what docs/hosting.md
// says of them: types with charset=utf-8, the CSP, caching, the
// precompressed copies, the 404 page. It is skipped where the server is
// not installed, CI included (.ci/run does not install them):
// apt-get install -y nginx-light libnginx-mod-http-brotli-static apache2
func TestHosting(t *testing.T) {
	t.Run("nginx", func(t *testing.T) {
		bin, err := exec.LookPath("nginx")
		if err != nil {
			bin = "/usr/sbin/nginx"
			if _, err := os.Stat(bin); err != nil {
				t.Skip("nginx is not installed")
			}
		}
		module := "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"
		if _, err := os.Stat(module); err != nil {
			t.Skip("the brotli_static module is not installed (libnginx-mod-http-brotli-static)")
		}
		dir, public := hostedSite(t)
		port := freePort(t)
		snippet := readSnippet(t, "nginx.conf", public, "listen 80;", fmt.Sprintf("listen 127.0.0.1:%d;", port))
		conf := filepath.Join(dir, "nginx.conf")
		os.WriteFile(filepath.Join(dir, "site.conf"), snippet, 0o644)
		os.MkdirAll(filepath.Join(dir, "tmp"), 0o755)
		os.WriteFile(conf, fmt.Appendf(nil, `load_module %s;
worker_processes 1;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log;
events {}
http {
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path %[2]s/tmp;
    proxy_temp_path %[2]s/tmp;
    fastcgi_temp_path %[2]s/tmp;
    uwsgi_temp_path %[2]s/tmp;
    scgi_temp_path %[2]s/tmp;
    include %[2]s/site.conf;
}
`, module, dir), 0o644)
		if out, err := exec.Command(bin, "-t", "-c", conf, "-e", filepath.Join(dir, "error.log")).CombinedOutput(); err != nil {
			t.Fatalf("nginx -t: %v\n%s", err, out)
		}
		run(t, exec.Command(bin, "-c", conf, "-e", filepath.Join(dir, "error.log"), "-g", "daemon off;"), port)
		checkHosted(t, fmt.Sprintf("http://127.0.0.1:%d/jixiao/", port), public)
	})
	t.Run("apache", func(t *testing.T) {
		bin := "/usr/sbin/apache2"
		mods := "/usr/lib/apache2/modules"
		if _, err := os.Stat(bin); err != nil {
			t.Skip("apache2 is not installed")
		}
		dir, public := hostedSite(t)
		port := freePort(t)
		os.WriteFile(filepath.Join(dir, "site.conf"), readSnippet(t, "apache.conf", public), 0o644)
		os.MkdirAll(filepath.Join(dir, "empty"), 0o755)
		conf := filepath.Join(dir, "httpd.conf")
		var b strings.Builder
		fmt.Fprintf(&b, "ServerRoot %s\nServerName localhost\nListen 127.0.0.1:%d\nPidFile %[1]s/httpd.pid\nErrorLog %[1]s/error.log\n", dir, port)
		if os.Getuid() == 0 {
			b.WriteString("User www-data\nGroup www-data\n")
		}
		for _, m := range []string{"mpm_event", "authz_core", "alias", "dir", "mime", "rewrite", "headers", "filter", "deflate"} {
			fmt.Fprintf(&b, "LoadModule %s_module %s/mod_%[1]s.so\n", m, mods)
		}
		fmt.Fprintf(&b, "TypesConfig /etc/mime.types\nDocumentRoot %[1]s/empty\nInclude %[1]s/site.conf\n", dir)
		os.WriteFile(conf, []byte(b.String()), 0o644)
		if out, err := exec.Command(bin, "-t", "-f", conf).CombinedOutput(); err != nil {
			t.Fatalf("apache2 -t: %v\n%s", err, out)
		}
		run(t, exec.Command(bin, "-f", conf, "-DFOREGROUND"), port)
		checkHosted(t, fmt.Sprintf("http://127.0.0.1:%d/jixiao/", port), public)
	})
}

// hostedSite builds the example with base_url https://example.gov.cn/jixiao/
// into a folder the server's workers (www-data, nobody) can read.
func hostedSite(t *testing.T) (dir, public string) {
	t.Helper()
	dir, err := os.MkdirTemp("", "disclose-hosting-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o755)
	res, err := site.Build(context.Background(), site.Options{Source: os.DirFS(".."), Mode: site.ModePublish, BaseURL: "https://example.gov.cn/jixiao/"})
	if err != nil || !res.OK() {
		t.Fatal(err, res.Diags)
	}
	public = filepath.Join(dir, "public")
	if err := output.Write(context.Background(), public, res.Files); err != nil {
		t.Fatal(err)
	}
	filepath.Walk(public, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.IsDir() {
			os.Chmod(p, 0o755)
		}
		return nil
	})
	return dir, public
}

// readSnippet is a configuration of docs/hosting/ for the site in public,
// with the pairs of strings replaced.
func readSnippet(t *testing.T, name, public string, pairs ...string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "docs", "hosting", name))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.ReplaceAll(string(data), "/srv/disclose/public", public)
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("%s has no %q", name, pairs[i])
		}
		s = strings.ReplaceAll(s, pairs[i], pairs[i+1])
	}
	return []byte(s)
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// run starts a server in the foreground, in a process group of its own,
// waits until it answers on port, and stops it (and its workers) when
// the test ends.
func run(t *testing.T, cmd *exec.Cmd, port int) {
	t.Helper()
	log, err := os.CreateTemp(t.TempDir(), "server-*.log")
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	cmd.Stdout, cmd.Stderr = log, log // a file: no copying that workers keep open
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
	for range 100 {
		if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	out, _ := os.ReadFile(log.Name())
	t.Fatalf("%s does not answer on port %d:\n%s", cmd.Path, port, out)
}

func checkHosted(t *testing.T, base, public string) {
	client := &http.Client{
		Transport:     &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	raw := 0 // the bytes sent for the last request
	get := func(target, accept string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+target, nil)
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		raw = len(body)
		switch res.Header.Get("Content-Encoding") {
		case "gzip":
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("%s: %v", target, err)
			}
			body, err = io.ReadAll(zr)
			if err != nil {
				t.Fatalf("%s: %v", target, err)
			}
		case "br":
			body, err = io.ReadAll(brotli.NewReader(bytes.NewReader(body)))
			if err != nil {
				t.Fatalf("%s: %v", target, err)
			}
		}
		return res, body
	}
	css, _ := filepath.Glob(filepath.Join(public, "assets", "style.*.css"))
	if len(css) != 1 {
		t.Fatalf("style sheets %v", css)
	}
	style := "assets/" + filepath.Base(css[0])
	styleBytes, _ := os.ReadFile(css[0])
	const noCache, forever = "no-cache", "public, max-age=31536000, immutable"
	for _, tt := range []struct {
		target, accept string
		status         int
		ctype, enc     string
		cache          string
		file           string // the body is this file of the site
	}{
		{"", "", 200, "text/html; charset=utf-8", "", noCache, "index.html"},
		{"hengyang-scjgj/2023/", "gzip", 200, "text/html; charset=utf-8", "gzip", noCache, "hengyang-scjgj/2023/index.html"},
		{style, "", 200, "text/css; charset=utf-8", "", forever, style},
		{style, "gzip, deflate", 200, "text/css; charset=utf-8", "gzip", forever, style},
		{style, "gzip, deflate, br", 200, "text/css; charset=utf-8", "br", forever, style},
		{"data/funds.csv", "", 200, "text/csv; charset=utf-8", "", noCache, "data/funds.csv"},
		{"data/datapackage.json", "", 200, "application/json; charset=utf-8", "", noCache, "data/datapackage.json"},
		{"hengyang-scjgj/2023/项目支出绩效自评报告.txt", "", 200, "text/plain; charset=utf-8", "", noCache, "hengyang-scjgj/2023/项目支出绩效自评报告.txt"},
		{"hengyang-scjgj/2023/tables.xlsx", "", 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "", noCache, "hengyang-scjgj/2023/tables.xlsx"},
		{"no/such/page", "", 404, "text/html; charset=utf-8", "", "", "404.html"},
	} {
		res, body := get(tt.target, tt.accept)
		h := res.Header
		if res.StatusCode != tt.status || h.Get("Content-Type") != tt.ctype || h.Get("Content-Encoding") != tt.enc {
			t.Errorf("GET %s (Accept-Encoding %q): %d, %q, encoding %q; want %d, %q, %q", tt.target, tt.accept,
				res.StatusCode, h.Get("Content-Type"), h.Get("Content-Encoding"), tt.status, tt.ctype, tt.enc)
		}
		if got := h.Get("Content-Security-Policy"); got != "default-src 'self'" {
			t.Errorf("GET %s: CSP %q", tt.target, got)
		}
		if tt.cache != "" && h.Get("Cache-Control") != tt.cache {
			t.Errorf("GET %s: Cache-Control %q, want %q", tt.target, h.Get("Cache-Control"), tt.cache)
		}
		if strings.HasPrefix(tt.target, "assets/") && !strings.Contains(strings.Join(h.Values("Vary"), ","), "Accept-Encoding") {
			t.Errorf("GET %s: Vary %q", tt.target, h.Values("Vary"))
		}
		if ext := map[string]string{"gzip": ".gz", "br": ".br"}[tt.enc]; ext != "" && strings.HasPrefix(tt.target, "assets/") {
			// The precompressed copy as it is, not compressed on the fly.
			if info, err := os.Stat(filepath.Join(public, filepath.FromSlash(tt.target)+ext)); err != nil || int64(raw) != info.Size() {
				t.Errorf("GET %s (Accept-Encoding %q): %d bytes sent, not the copy %s (%v)", tt.target, tt.accept, raw, tt.target+ext, err)
			}
		}
		want, _ := os.ReadFile(filepath.Join(public, filepath.FromSlash(tt.file)))
		if !bytes.Equal(body, want) {
			t.Errorf("GET %s: the body (%d bytes) is not %s (%d bytes)", tt.target, len(body), tt.file, len(want))
		}
	}
	if _, body := get(style, "br"); !bytes.Equal(body, styleBytes) {
		t.Error("the brotli copy is not the style sheet")
	}
	// A folder without its slash is redirected to it, under /jixiao/.
	res, _ := get("hengyang-scjgj", "")
	if loc := res.Header.Get("Location"); res.StatusCode != 301 || !regexp.MustCompile(`^(http://[^/]+)?/jixiao/hengyang-scjgj/$`).MatchString(loc) {
		t.Errorf("GET hengyang-scjgj: %d, Location %q", res.StatusCode, loc)
	}
}

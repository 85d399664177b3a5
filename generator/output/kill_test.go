package output

import (
	"bufio"
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The kill loop: a child process (this test binary, running
// TestKillHelper) publishes a site over an existing one and is killed
// with SIGKILL at many points; each time, the destination must be there,
// and once the next build has recovered what the killed one left
// (Stage), be exactly the old site or exactly the new one, kept folders
// and all.

const (
	killDest     = "DISCLOSE_KILL_DEST"     // the destination; set only in the child
	killVersion  = "DISCLOSE_KILL_VERSION"  // the version of the site the child publishes
	killPause    = "DISCLOSE_KILL_PAUSE"    // a step at which the child waits to be killed
	killFallback = "DISCLOSE_KILL_FALLBACK" // "1": swap with two renames (no exchange)
	killSync     = "DISCLOSE_KILL_SYNC"     // "1": sync as builds do
)

// Kept whole from the old site by every build; the staged site has
// kept-c already (a file of the build's own goes into it), so that one
// is linked file by file rather than moved.
var killKept = []string{"kept-a", "kept-b", "kept-c"}

// killSite is version v of the site that the builds make, apart from
// the kept folders: a third of the pages change from one version to the
// next, some are only in one, the others stay (and are linked).
func killSite(v int) map[string]string {
	files := map[string]string{"index.html": fmt.Sprint("home, version ", v), "kept-c/extra.txt": "static"}
	for i := range 200 {
		p := fmt.Sprintf("b%d/r%03d/index.html", i%10, i)
		switch {
		case i%3 == 0:
			files[p] = fmt.Sprintf("page %d, version %d", i, v)
		case i%7 == 1 && v == 1: // gone in version 1
		default:
			files[p] = fmt.Sprint("page ", i)
		}
	}
	return files
}

// killWant is the whole of version v on disk.
func killWant(v int) map[string]string {
	files := killSite(v)
	for _, k := range killKept {
		for i := range 10 {
			files[fmt.Sprintf("%s/%d/index.html", k, i)] = fmt.Sprintf("kept page %s %d", k, i)
		}
	}
	return files
}

// killBuild is a build: it stages version v of the site, keeping the
// kept folders from dest, and publishes it.
func killBuild(dest string, v int) error {
	s, err := Stage(dest)
	if err != nil {
		return err
	}
	for _, k := range killKept {
		if err := s.Keep(k); err != nil {
			s.Discard()
			return err
		}
	}
	for p, data := range killSite(v) {
		s.Add(p, []byte(data))
	}
	reached("staged")
	return Write(context.Background(), dest, s)
}

// TestKillHelper is the child process of TestKillWhilePublishing: it
// writes each step it reaches to stdout, for the parent to kill it at.
func TestKillHelper(t *testing.T) {
	dest := os.Getenv(killDest)
	if dest == "" {
		t.Skip("the child of TestKillWhilePublishing")
	}
	v, _ := strconv.Atoi(os.Getenv(killVersion))
	pause := os.Getenv(killPause)
	if os.Getenv(killFallback) == "1" {
		exchange = func(a, b string) error { return errNoExchange }
	}
	syncOff = os.Getenv(killSync) != "1"
	reached = func(step string) {
		os.Stdout.WriteString("step " + step + "\n")
		if step == pause {
			time.Sleep(time.Hour) // until killed
		}
	}
	reached("start")
	if err := killBuild(dest, v); err != nil {
		t.Fatal(err)
	}
	reached("end")
}

// A kill point: the step after which to kill, and the delay after it
// (pause: exactly at the step, the child waiting to be killed).
//
// Syncing cannot change what a kill leaves (the files are in the page
// cache either way), and takes most of the time of a build on a busy
// disk: only the children killed exactly at a step sync as builds do.
type killPoint struct {
	step     string
	delay    time.Duration
	pause    bool
	fallback bool
}

func TestKillWhilePublishing(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a few hundred builds")
	}
	if runtime.GOOS == "windows" {
		t.Skip("no SIGKILL")
	}
	start := time.Now()
	// The parent sets the scene and recovers: that need not be durable.
	syncOff = true
	defer func() { syncOff = false }()

	// Each mode is run once whole to learn its steps and how long each
	// takes; then it is killed after each step: once exactly at it, and
	// at delays spread over the time to the next step (and a quarter
	// more, as runs vary).
	modes := []struct {
		fallback bool
		delays   int
	}{{false, 27}, {true, 4}}
	if !canExchange(t) {
		t.Log("this file system cannot exchange names: only the fallback is tested")
		modes = modes[1:]
		modes[0].delays = 27
	}
	var points []killPoint
	dest := killSetup(t)
	for i, m := range modes {
		steps, at := killCalibrate(t, dest, 1-i%2, m.fallback)
		for i, s := range steps[:len(steps)-1] { // not after "end"
			gap := at[i+1] - at[i]
			points = append(points, killPoint{step: s, pause: true, fallback: m.fallback})
			for k := range m.delays {
				d := gap * 5 / 4 * time.Duration(k) / time.Duration(m.delays)
				points = append(points, killPoint{step: s, delay: d, fallback: m.fallback})
			}
		}
		t.Logf("fallback=%v: steps %v at %v", m.fallback, steps, at)
	}

	// Two destinations at once: a build waits on the disk much of the
	// time.
	var mu sync.Mutex
	outcomes := map[string]map[string]int{} // step → "old"/"new" → count
	t.Run("kill", func(t *testing.T) {
		for w := range 2 {
			t.Run(fmt.Sprint(w), func(t *testing.T) {
				t.Parallel()
				dest := killSetup(t)
				v := 0 // the version at dest; each child publishes the other one
				for i := w; i < len(points); i += 2 {
					p := points[i]
					got := killOnce(t, dest, 1-v, p)
					if got == "new" {
						v = 1 - v
					}
					mu.Lock()
					if outcomes[p.step] == nil {
						outcomes[p.step] = map[string]int{}
					}
					outcomes[p.step][got]++
					mu.Unlock()
					if t.Failed() {
						t.FailNow()
					}
				}
				// After all that, a build publishes as ever.
				if err := killBuild(dest, 1-v); err != nil {
					t.Fatal(err)
				}
				if got := readAll(t, dest); !maps.Equal(got, killWant(1-v)) {
					t.Errorf("the last build published %s", diffSites(got, killWant(1-v), killWant(1-v)))
				}
				assertNoLeftovers(t, dest)
			})
		}
	})
	t.Logf("%d kill points in %v; outcome after each step: %v", len(points), time.Since(start).Round(time.Millisecond), outcomes)
}

// killSetup returns a destination holding version 0 of the site.
func killSetup(t *testing.T) string {
	dest := filepath.Join(t.TempDir(), "public")
	first := NewFileSet()
	for p, data := range killWant(0) {
		first.Add(p, []byte(data))
	}
	if err := Write(context.Background(), dest, first); err != nil {
		t.Fatal(err)
	}
	return dest
}

// canExchange reports whether the test's file system can exchange names.
func canExchange(t *testing.T) bool {
	a, b := t.TempDir(), t.TempDir()
	return renameExchange(a, b) == nil
}

// killStart starts a child publishing version v over dest and returns
// the steps it reaches, as it reaches them.
func killStart(t *testing.T, dest string, v int, p killPoint) (*exec.Cmd, <-chan string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), killDest+"="+dest, killVersion+"="+strconv.Itoa(v))
	if p.pause {
		cmd.Env = append(cmd.Env, killPause+"="+p.step, killSync+"=1")
	}
	if p.fallback {
		cmd.Env = append(cmd.Env, killFallback+"=1")
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	steps := make(chan string)
	go func() {
		defer close(steps)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if s, ok := strings.CutPrefix(sc.Text(), "step "); ok {
				steps <- s
			}
		}
	}()
	// Whatever happens, no child outlives the test.
	time.AfterFunc(time.Minute, func() { cmd.Process.Kill() })
	return cmd, steps
}

// killCalibrate runs a child without killing it and returns the steps it
// reached and when (since "start").
func killCalibrate(t *testing.T, dest string, v int, fallback bool) (steps []string, at []time.Duration) {
	t.Helper()
	cmd, ch := killStart(t, dest, v, killPoint{fallback: fallback})
	var t0 time.Time
	for s := range ch {
		if s == "start" {
			t0 = time.Now()
		}
		steps = append(steps, s)
		at = append(at, time.Since(t0))
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the child failed: %v", err)
	}
	if got := readAll(t, dest); !maps.Equal(got, killWant(v)) {
		t.Fatalf("an uninterrupted build published something else than version %d", v)
	}
	return steps, at
}

// killOnce kills a child publishing version v over dest (at version
// 1-v) at p, checks what it left, has the next build recover, and checks
// again. It returns which version the destination then holds: "old" or
// "new".
func killOnce(t *testing.T, dest string, v int, p killPoint) (outcome string) {
	t.Helper()
	cmd, steps := killStart(t, dest, v, p)
	for s := range steps {
		if s == p.step {
			time.Sleep(p.delay)
			cmd.Process.Kill()
			break
		}
	}
	for range steps { // to the end of its output
	}
	cmd.Wait()
	where := fmt.Sprintf("killed %v after %q (fallback=%v)", p.delay, p.step, p.fallback)
	if p.pause {
		where = fmt.Sprintf("killed at %q (fallback=%v)", p.step, p.fallback)
	}

	// As the child left it: the destination is there (but in the gap of
	// the fallback), and it is the old or the new site, but for the kept
	// folders while a journal says they are on the move.
	oldSite, newSite := killWant(1-v), killWant(v)
	moving := false
	entries, _ := os.ReadDir(filepath.Dir(dest))
	for _, e := range entries {
		moving = moving || strings.HasPrefix(e.Name(), journalPrefix)
	}
	if _, err := os.Lstat(dest); err != nil {
		if !p.fallback {
			t.Errorf("%s: the destination is missing: %v", where, err)
		}
	} else {
		got := readAll(t, dest)
		if moving {
			for _, k := range killKept {
				kept := func(p, _ string) bool { return strings.HasPrefix(p, k+"/") }
				maps.DeleteFunc(got, kept)
				maps.DeleteFunc(oldSite, kept)
				maps.DeleteFunc(newSite, kept)
			}
		}
		if !maps.Equal(got, oldSite) && !maps.Equal(got, newSite) {
			t.Errorf("%s: the destination is neither the old site nor the new one (journal: %v): %s", where, moving, diffSites(got, oldSite, newSite))
		}
	}

	// As the next build finds it, once it recovered what the child left:
	// the old site or the new one, whole, and nothing beside it.
	next, err := Stage(dest)
	if err != nil {
		t.Fatalf("%s: the next build cannot start: %v", where, err)
	}
	next.Discard()
	got := readAll(t, dest)
	switch {
	case maps.Equal(got, killWant(1-v)):
		outcome = "old"
	case maps.Equal(got, killWant(v)):
		outcome = "new"
	default:
		t.Errorf("%s: after recovery, the destination is neither the old site nor the new one: %s", where, diffSites(got, killWant(1-v), killWant(v)))
	}
	assertNoLeftovers(t, dest)
	return outcome
}

// diffSites says, briefly, how got differs from the closer of a and b.
func diffSites(got, a, b map[string]string) string {
	diff := func(want map[string]string) (d []string) {
		for p, w := range want {
			if g, ok := got[p]; !ok {
				d = append(d, "missing "+p)
			} else if g != w {
				d = append(d, "changed "+p)
			}
		}
		for p := range got {
			if _, ok := want[p]; !ok {
				d = append(d, "extra "+p)
			}
		}
		return d
	}
	da, db := diff(a), diff(b)
	if len(db) < len(da) {
		da = db
	}
	if len(da) > 5 {
		da = append(da[:5], fmt.Sprintf("and %d more", len(da)-5))
	}
	return strings.Join(da, ", ")
}

package watch

import (
	"reflect"
	"testing"
	"time"

	"github.com/disclose-portal/disclose/generator/stamp"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		path string
		kind Kind
		ok   bool
	}{
		{"content/site.toml", Config, true},
		{"content/demo/2023.toml", Content, true},
		{"content/demo/2023.md", Content, true},
		{"content/demo/bureau.toml", Content, true},
		{"content/demo/2023/报告.pdf", Content, true},
		{"content/demo", Content, true},
		{"content", Content, true},
		{"static/logo.png", Static, true},
		{"themes/default/templates/base.html", Theme, true},
		{"themes/default", Theme, true},
		{"themes", Theme, true},
		{"themes/other/templates/base.html", 0, false},
		{"public/index.html", 0, false},
		{".git/index", 0, false},
		{"README.md", 0, false},
		// Editors' leftovers.
		{"content/demo/.2023.toml.swp", 0, false},
		{"content/demo/2023.toml~", 0, false},
		{"content/demo/4913", 0, false},
		{"content/demo/#2023.md#", 0, false},
		{"content/demo/.#2023.md", 0, false},
		{"content/demo/2023.toml___jb_tmp___", 0, false},
		{"content/demo/2023.toml___jb_old___", 0, false},
		{"content/demo/sedX1b2C3", 0, false},
		{"content/demo/.goutputstream-ABCDEF", 0, false},
		{"content/demo/2023.md.crswap", 0, false},
		{"static/.DS_Store", 0, false},
		{"content/.hidden/2023.toml", 0, false},
		// Not a sed temporary: the pattern is exact.
		{"content/sedan", Content, true},
	}
	for _, tt := range tests {
		kind, ok := Classify(tt.path, "default")
		if kind != tt.kind || ok != tt.ok {
			t.Errorf("Classify(%q) = %v, %v; want %v, %v", tt.path, kind, ok, tt.kind, tt.ok)
		}
	}
}

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func ms(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }

// feed adds events one millisecond apart and returns the batch.
func feed(t *testing.T, evs ...Event) Batch {
	t.Helper()
	b := &Batcher{Quiet: 20 * time.Millisecond, Max: 200 * time.Millisecond, Theme: "default"}
	b.Seed([]string{f, "content/demo/bureau.toml"}) // the files that exist before
	for i, ev := range evs {
		b.Add(ev, ms(i))
	}
	return b.Take()
}

const f = "content/demo/2023.toml"

func TestBatchSaves(t *testing.T) {
	modified := Batch{Changes: []Change{{Path: f, Kind: Content, Net: Modified}}}
	tests := []struct {
		name string
		evs  []Event
		want Batch
	}{
		{"in-place write (nano, VS Code)", []Event{{f, Write}, {f, Write}, {f, Chmod}}, modified},
		{"vim (backup by rename, new file)", []Event{
			{"content/demo/4913", Create}, {"content/demo/4913", Remove},
			{f, Rename}, {f + "~", Create},
			{f, Create}, {f, Write},
			{f + "~", Remove},
		}, modified},
		{"JetBrains (safe write)", []Event{
			{f + "___jb_tmp___", Create}, {f + "___jb_tmp___", Write},
			{f, Rename}, {f + "___jb_old___", Create},
			{f + "___jb_tmp___", Rename}, {f, Create},
			{f + "___jb_old___", Remove},
		}, modified},
		{"sed -i", []Event{
			{"content/demo/sedAb12Cd", Create}, {"content/demo/sedAb12Cd", Write},
			{"content/demo/sedAb12Cd", Rename}, {f, Create},
		}, modified},
		{"an atomic save through a temporary name no pattern knows", []Event{
			{"content/demo/2023.toml.x7q", Create}, {"content/demo/2023.toml.x7q", Write},
			{"content/demo/2023.toml.x7q", Rename}, {f, Create},
		}, modified},
		{"new file", []Event{{"content/demo/2024.toml", Create}, {"content/demo/2024.toml", Write}},
			Batch{Changes: []Change{{Path: "content/demo/2024.toml", Kind: Content, Net: Added}}}},
		{"deleted file", []Event{{f, Remove}},
			Batch{Changes: []Change{{Path: f, Kind: Content, Net: Removed}}}},
		{"moved away", []Event{{f, Rename}},
			Batch{Changes: []Change{{Path: f, Kind: Content, Net: Removed}}}},
		{"only swap files", []Event{{"content/demo/.2023.toml.swp", Create}, {"content/demo/.2023.toml.swp", Write}}, Batch{}},
		{"touch", []Event{{f, Chmod}}, Batch{}},
		{"deleted bureau", []Event{
			{"content/demo/2023.toml", Remove}, {"content/demo/bureau.toml", Remove}, {"content/demo", Remove},
		}, Batch{Changes: []Change{
			{Path: "content/demo", Kind: Content, Net: Removed},
			{Path: "content/demo/2023.toml", Kind: Content, Net: Removed},
			{Path: "content/demo/bureau.toml", Kind: Content, Net: Removed},
		}}},
		{"de-duplicated and sorted", []Event{
			{"static/b.css", Write}, {"content/site.toml", Write}, {"static/b.css", Write}, {"themes/default/templates/base.html", Write},
		}, Batch{Changes: []Change{
			{Path: "content/site.toml", Kind: Config, Net: Modified},
			{Path: "static/b.css", Kind: Static, Net: Modified},
			{Path: "themes/default/templates/base.html", Kind: Theme, Net: Modified},
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := feed(t, tt.evs...)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestBatcherDue(t *testing.T) {
	b := &Batcher{Quiet: 20 * time.Millisecond, Max: 100 * time.Millisecond, Theme: "default"}
	if _, ok := b.Due(); ok {
		t.Fatal("an empty batcher is due")
	}
	if b.Add(Event{"content/demo/.x.swp", Write}, ms(0)) {
		t.Error("a swap file counted")
	}
	if _, ok := b.Due(); ok {
		t.Fatal("an ignored event made a batch due")
	}
	b.Add(Event{f, Write}, ms(0))
	if due, _ := b.Due(); !due.Equal(ms(20)) {
		t.Errorf("due %v after one event, want quiet period", due.Sub(t0))
	}
	b.Add(Event{f, Write}, ms(15))
	if due, _ := b.Due(); !due.Equal(ms(35)) {
		t.Errorf("due %v: a later event must push the batch back", due.Sub(t0))
	}
	// A stream of writes is cut at Max.
	for i := 30; i <= 150; i += 10 {
		b.Add(Event{f, Write}, ms(i))
	}
	if due, _ := b.Due(); !due.Equal(ms(100)) {
		t.Errorf("due %v, want at most Max after the first event", due.Sub(t0))
	}
	if got := b.Take(); len(got.Changes) != 1 {
		t.Errorf("take: %+v", got)
	}
	if _, ok := b.Due(); ok {
		t.Error("due after take")
	}
	b.Overflow(ms(200))
	if got := b.Take(); !got.Overflow || got.Kinds() != Content|Config|Static|Theme {
		t.Errorf("overflow batch %+v, kinds %v", got, got.Kinds())
	}
}

func TestThemeInUse(t *testing.T) {
	b := &Batcher{Quiet: time.Millisecond, Theme: "plain"}
	b.Add(Event{"themes/default/templates/base.html", Write}, ms(0))
	b.Add(Event{"themes/plain/assets/style.css", Write}, ms(0))
	got := b.Take()
	if len(got.Changes) != 1 || got.Changes[0].Path != "themes/plain/assets/style.css" {
		t.Errorf("got %+v, want only the theme in use", got)
	}
}

func TestMerge(t *testing.T) {
	c := func(p string, n Net) Change { return Change{Path: p, Kind: Content, Net: n} }
	earlier := Batch{Changes: []Change{c("content/a", Added), c("content/b", Modified), c("content/c", Removed), c("content/d", Added)}}
	later := Batch{Changes: []Change{c("content/a", Modified), c("content/b", Removed), c("content/c", Added), c("content/d", Removed), c("content/e", Modified)}}
	got := Merge(earlier, later)
	want := Batch{Changes: []Change{c("content/a", Added), c("content/b", Removed), c("content/c", Modified), c("content/e", Modified)}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if got := Merge(Batch{}, later); !reflect.DeepEqual(got, later) {
		t.Errorf("merge into empty: %+v", got)
	}
}

func TestBatchString(t *testing.T) {
	for _, tt := range []struct {
		b    Batch
		want string
	}{
		{Batch{Changes: []Change{{Path: f, Kind: Content, Net: Modified}}}, f + " changed"},
		{Batch{Changes: []Change{{Path: "content/a", Kind: Content, Net: Added}, {Path: "static/x", Kind: Static, Net: Removed}}}, "content/a added, static/x removed"},
		{Batch{Changes: []Change{
			{Path: "content/b", Kind: Content, Net: Removed},
			{Path: "content/b/2023.toml", Kind: Content, Net: Removed},
			{Path: "content/b/bureau.toml", Kind: Content, Net: Removed},
			{Path: "content/c/2023.toml", Kind: Content, Net: Modified},
		}}, "content/b removed, content/c/2023.toml changed"},
		{Batch{Changes: []Change{
			{Path: "content/a.md", Kind: Content, Net: Modified},
			{Path: "content/b.md", Kind: Content, Net: Modified},
			{Path: "content/c.md", Kind: Content, Net: Modified},
			{Path: "themes/default/x", Kind: Theme, Net: Added},
		}}, "4 files changed (content+theme): content/a.md changed, content/b.md changed, …"},
		{Batch{}, "nothing changed"},
		{Batch{Overflow: true}, "many files changed (events were lost)"},
	} {
		if got := tt.b.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestDiffSnapshots(t *testing.T) {
	prev := map[string]fileStamp{
		"content":          {dir: true, mtime: ms(0)},
		"content/c.toml":   {size: 1, mtime: ms(0), id: stamp.Identity{Inode: 7, CTime: 1}},
		"content/a.toml":   {size: 1, mtime: ms(0)},
		"content/b.toml":   {size: 1, mtime: ms(0)},
		"content/gone.md":  {size: 1, mtime: ms(0)},
		"content/same.md":  {size: 1, mtime: ms(0)},
		"content/was-dir":  {dir: true, mtime: ms(0)},
		"content/kept-dir": {dir: true, mtime: ms(0)},
	}
	cur := map[string]fileStamp{
		"content": {dir: true, mtime: ms(5)}, // entries changed: not an event itself
		// The same size and mtime, a new change time: edited, mtime restored.
		"content/c.toml":   {size: 1, mtime: ms(0), id: stamp.Identity{Inode: 7, CTime: 2}},
		"content/a.toml":   {size: 2, mtime: ms(0)},
		"content/b.toml":   {size: 1, mtime: ms(5)},
		"content/same.md":  {size: 1, mtime: ms(0)},
		"content/new.md":   {size: 1, mtime: ms(5)},
		"content/was-dir":  {size: 1, mtime: ms(5)},
		"content/kept-dir": {dir: true, mtime: ms(5)},
	}
	b := &Batcher{Quiet: time.Millisecond, Theme: "default"}
	for _, ev := range diffSnapshots(prev, cur) {
		b.Add(ev, ms(0))
	}
	got := b.Take()
	want := Batch{Changes: []Change{
		{Path: "content/a.toml", Kind: Content, Net: Modified},
		{Path: "content/b.toml", Kind: Content, Net: Modified},
		{Path: "content/c.toml", Kind: Content, Net: Modified},
		{Path: "content/gone.md", Kind: Content, Net: Removed},
		{Path: "content/new.md", Kind: Content, Net: Added},
		{Path: "content/was-dir", Kind: Content, Net: Modified},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

package discover

import (
	"bytes"
	"encoding/xml"
	"os"
	"slices"
	"sort"
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/permalink"
	"github.com/disclose-portal/disclose/generator/synth"
)

// marshalFeed is how the feed was written until issue 16: encoding/xml's
// Encoder, indented by two spaces. writeFeed must write the same bytes.
func marshalFeed(t testing.TB, f atomFeed) []byte {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		t.Fatal(err)
	}
	buf.WriteString("\n")
	return buf.Bytes()
}

func sameFeed(t *testing.T, name string, f atomFeed) {
	t.Helper()
	if got, want := writeFeed(f), marshalFeed(t, f); !bytes.Equal(got, want) {
		t.Errorf("%s: the feed written differs from encoding/xml's\n got: %q\nwant: %q", name, got, want)
	}
}

// The feeds of the example and of synthetic sites, with and without a
// base URL, are encoding/xml's byte for byte.
func TestFeedIsEncodingXML(t *testing.T) {
	example, diags := load.Site(os.DirFS("../.."))
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	sites := []*budget.Site{example, {Config: example.Config}}
	for _, seed := range []uint64{1, 2} {
		s, diags := load.Site(synth.MapFS(synth.Options{Bureaus: 5, Years: 3, Seed: seed}))
		if diags.Errors() > 0 {
			t.Fatal(diags)
		}
		sites = append(sites, s)
	}
	for _, s := range sites {
		for _, raw := range []string{"", "https://example.gov.cn/jixiao/"} {
			base, err := permalink.ParseBase(raw)
			if err != nil {
				t.Fatal(err)
			}
			for _, publisher := range []string{"", "衡阳市财政局"} {
				s.Config.Publisher.Name = publisher
				sameFeed(t, s.Config.Title+" "+raw, feedOf(base, s, nil))
			}
		}
	}
}

// Text of every kind in every field: markup, quotes, line ends, tabs,
// control characters, invalid UTF-8, U+FFFD and characters outside
// XML's range are escaped or replaced as encoding/xml does.
func FuzzFeed(f *testing.F) {
	for _, s := range []string{"", `"引号" 'single' <b>&amp;</b>`, "</script>]]>", "行\n分\r段\t", "\x00\x01\x7f\u2028",
		"\xff\xfe", "\uFFFD", "\U0001F600", "a\x1bb", "https://x/?a=1&b=<2>"} {
		f.Add(s, s+"2023", "zh-CN")
	}
	f.Fuzz(func(t *testing.T, a, b, lang string) {
		feed := atomFeed{Lang: lang, Title: a, ID: b, Updated: a + b, Author: atomPerson{Name: b},
			Links: []atomLink{{Rel: a, Type: b, Href: a + b}, {Href: b}}}
		for i := range 3 {
			e := atomEntry{Title: a, ID: b, Updated: b, Links: []atomLink{{Rel: "alternate", Type: b, Href: a}}, Author: atomPerson{Name: a}, Summary: a + "。" + b}
			if i == 1 {
				e.Published = a
			}
			feed.Entries = append(feed.Entries, e)
		}
		sameFeed(t, "fuzzed", feed)
		sameFeed(t, "fuzzed, no entries", atomFeed{Title: b, Author: atomPerson{Name: a}})
	})
}

// reportsByDate lists the reports in the order sort.SliceStable gave
// them before (newest publication first, undated last, then year
// descending, then bureau), equal dates and undated reports included.
func TestReportsByDateOrder(t *testing.T) {
	s, diags := load.Site(synth.MapFS(synth.Options{Bureaus: 30, Years: 4, Seed: 3}))
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	i := 0
	for _, b := range s.Bureaus {
		for _, r := range b.Reports {
			switch i % 5 {
			case 0:
				r.Published = budget.Date{}
			case 1:
				r.Published = budget.Date{Year: 2024, Month: 5, Day: 1}
			}
			i++
		}
	}
	var want []*budget.Report
	for _, b := range s.Bureaus {
		want = append(want, b.Reports...)
	}
	sort.SliceStable(want, func(i, j int) bool {
		a, b := want[i], want[j]
		if a.Published.IsZero() != b.Published.IsZero() {
			return !a.Published.IsZero()
		}
		if a.Published != b.Published {
			return a.Published.String() > b.Published.String()
		}
		if a.Year != b.Year {
			return a.Year > b.Year
		}
		return a.Bureau.Slug < b.Bureau.Slug
	})
	if got := reportsByDate(s); !slices.Equal(got, want) {
		t.Fatal("reportsByDate's order is not sort.SliceStable's of before")
	}
}

// TestFeedReusing: a feed that copies the entries of the unchanged
// bureaus from the last feed is the feed written whole, byte for byte,
// with and without a base URL, when the last feed's names, titles and
// slugs hold markup, line ends and the very tags the entries are found
// by; a changed bureau's entries are written again, and an entry the
// last feed does not hold is written.
func TestFeedReusing(t *testing.T) {
	hostile := []string{"\n  <entry>", "</title>\n    <id>x</id>", "\n  </entry>", `"引号" 'single' <b>&amp;</b>`, "行\n分\r段\t", "\xff\uFFFD", "名称 2023 年"}
	for _, seed := range []uint64{1, 2} {
		for _, raw := range []string{"", "https://example.gov.cn/jixiao/"} {
			base, err := permalink.ParseBase(raw)
			if err != nil {
				t.Fatal(err)
			}
			s, diags := load.Site(synth.MapFS(synth.Options{Bureaus: 8, Years: 3, Seed: seed}))
			if diags.Errors() > 0 {
				t.Fatal(diags)
			}
			for i, b := range s.Bureaus {
				b.Name = hostile[i%len(hostile)]
				for k, r := range b.Reports {
					r.Title = hostile[(i+k+1)%len(hostile)]
				}
			}
			// Ids to escape, a slug included (not from a folder name).
			s.Bureaus[5].Slug = "a&b<c>"
			last := Feed(base, s)
			changed := s.Bureaus[2]
			changed.Reports[0].Title += "（修订）"
			changed.Reports[1].Published = budget.Date{Year: 2030, Month: 1, Day: 2}
			want := Feed(base, s)
			got, reused := FeedReusing(base, s, last, func(b *budget.Bureau) bool { return b != changed })
			if !bytes.Equal(got, want) {
				t.Fatalf("seed %d, base %q: the feed with copied entries differs from the one written whole", seed, raw)
			}
			all := 0
			for _, b := range s.Bureaus {
				all += len(b.Reports)
			}
			if wantReused := all - len(changed.Reports); reused != wantReused {
				t.Errorf("seed %d, base %q: %d entries copied, want %d", seed, raw, reused, wantReused)
			}
			// Copied entries are never the changed bureau's old ones.
			if got, _ := FeedReusing(base, s, last, func(*budget.Bureau) bool { return true }); bytes.Equal(got, want) {
				t.Errorf("seed %d, base %q: the test's change does not show in the feed", seed, raw)
			}
			if got, reused := FeedReusing(base, s, nil, func(*budget.Bureau) bool { return true }); !bytes.Equal(got, want) || reused != 0 {
				t.Errorf("seed %d, base %q: without a last feed: %d copied, same %t", seed, raw, reused, bytes.Equal(got, want))
			}
		}
	}
}

package charts

import (
	"bytes"
	"testing"

	"github.com/disclose-portal/disclose/generator/csvfile"
	"github.com/disclose-portal/disclose/generator/synth"
)

// pageCSVRecords is PageCSV as it was written before AppendPageCSV: every
// record built as a slice of strings, then encoded at once.
func pageCSVRecords(cs []*Chart) []byte {
	records := [][]string{pageCSVHead}
	for _, c := range cs {
		if c.csv != "" {
			continue
		}
		rows := c.Table.Rows
		if c.Table.Foot != nil {
			rows = append(rows[:len(rows):len(rows)], c.Table.Foot)
		}
		for _, row := range rows {
			for j := 1; j < len(row) && j < len(c.Table.Head); j++ {
				records = append(records, []string{c.Name, c.Caption, c.Unit, row[0].csv(), c.Table.Head[j].csv(), row[j].csv()})
			}
		}
	}
	return csvfile.Encode(records)
}

// AppendPageCSV writes the bytes of the records encoded at once, after
// whatever dst held, for the charts of synthetic reports and bureaus.
func TestAppendPageCSVLikeRecords(t *testing.T) {
	s := synthReports(t, synth.Options{Bureaus: 4, Years: 3, Seed: 5})
	n := 0
	for _, b := range s.Bureaus {
		bc, err := Bureau(b, s.Config.Unit)
		if err != nil {
			t.Fatal(err)
		}
		sets := [][]*Chart{bc, nil}
		for _, r := range b.Reports {
			cs, err := Report(r)
			if err != nil {
				t.Fatal(err)
			}
			sets = append(sets, cs, append(cs, cs[0].InText(2)))
		}
		for _, cs := range sets {
			want := pageCSVRecords(cs)
			got := AppendPageCSV([]byte("before"), cs)
			if !bytes.Equal(got, append([]byte("before"), want...)) {
				t.Fatalf("%s: AppendPageCSV differs from the records encoded at once", b.Slug)
			}
			n += len(want)
		}
	}
	if n < 10000 {
		t.Errorf("compared %d bytes, want more", n)
	}
}

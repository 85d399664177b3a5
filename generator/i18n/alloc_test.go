package i18n

import "testing"

// T makes its arguments' slice once, of their number: the checks name
// every row of every report with one (Row), and appending grew it an
// argument at a time.
func TestTAllocations(t *testing.T) {
	name, id := "项目甲", "P-1"
	got := testing.AllocsPerRun(100, func() { Row("row.project", 2, name, id) })
	// The three arguments boxed (the inner text has none) and one
	// slice; appending made three slices.
	if got > 4 {
		t.Errorf("Row allocates %v times", got)
	}
}

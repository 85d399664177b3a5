package budget

import "testing"

// ScoreDecimals is the most decimals any of the project's scores prints,
// worked out without a list of them (the checks and the page ask it of
// every project).
func TestScoreDecimals(t *testing.T) {
	pts := func(v Points) *Points { return &v }
	for _, c := range []struct {
		p    Project
		want int
	}{
		{Project{}, 0},
		{Project{Score: pts(9000)}, 0},
		{Project{Score: pts(9000), Indicators: []*Indicator{{Score: pts(950)}, {}}}, 1},
		{Project{ExecutionScore: pts(1000), Indicators: []*Indicator{{Score: pts(950)}, {Score: pts(951)}, {Score: pts(900)}}}, 2},
		{Project{GoalScore: pts(1), Indicators: []*Indicator{{Score: pts(900)}}}, 2},
	} {
		if got := c.p.ScoreDecimals(); got != c.want {
			t.Errorf("%+v: %d decimals, want %d", c.p, got, c.want)
		}
		if n := testing.AllocsPerRun(10, func() { c.p.ScoreDecimals() }); n != 0 {
			t.Errorf("%+v: %v allocations", c.p, n)
		}
	}
}

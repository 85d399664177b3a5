package budget

import "testing"

func printed(t *testing.T, raw string) Stated {
	t.Helper()
	p, err := ParsePercent(raw)
	if err != nil {
		t.Fatal(err)
	}
	return Stated{ExecutionRate: &p}
}

func TestCompareExecution(t *testing.T) {
	rate := func(executed, base Amount) Stated { return Stated{Executed: Amt(executed), Base: Amt(base)} }
	undefined := rate(5, 0)
	for _, tt := range []struct {
		a, b Stated
		want int
	}{
		{rate(50, 100), rate(90, 100), -1},
		{rate(90, 100), rate(50, 100), 1},
		{rate(1, 3), rate(2, 6), 0},
		{rate(200, 100), undefined, -1}, // undefined rates go last
		{undefined, rate(0, 100), 1},
		{undefined, rate(7, 0), 0},
		{Stated{}, rate(7, 0), 0}, // amounts not printed: no rate either
		// A printed rate is the report's rate, amounts or not.
		{printed(t, "80%"), rate(90, 100), -1},
		{printed(t, "95.5%"), rate(90, 100), 1},
		{printed(t, "90%"), undefined, -1},
	} {
		if got := CompareExecution(tt.a, tt.b); got != tt.want {
			x, _ := tt.a.ShownExecutionRate()
			y, _ := tt.b.ShownExecutionRate()
			t.Errorf("CompareExecution(%v, %v) = %d, want %d", x, y, got, tt.want)
		}
	}
}

package load

import (
	"math/big"
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
)

// plainPoints is a shortcut: where it accepts a number it must give what
// the general path gives, and it must leave every error to that path.
func TestPlainPoints(t *testing.T) {
	for _, raw := range []string{"0", "1", "9.5", "9.54", "9.50", "10", "99.99", "100", "100.00", "0.01", "0.1", "12.3"} {
		p, ok := plainPoints(raw)
		r, _ := new(big.Rat).SetString(raw)
		if want := budget.PointsFromRat(r); !ok || p != want {
			t.Errorf("plainPoints(%q) = %v, %v; want %v", raw, p, ok, want)
		}
	}
	for _, raw := range []string{"", ".5", "5.", "100.01", "101", "1000", "9.555", "-1", "+1", "1_0", "1e2", "nan", "inf", "1.2.3"} {
		if p, ok := plainPoints(raw); ok {
			t.Errorf("plainPoints(%q) = %v, want the general path", raw, p)
		}
	}
}

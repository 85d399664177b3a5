package site_test

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/synth"
)

// Numbers from 0 to 1,000 in hundredths are one big.Rat each, shared by
// every report that prints them (budget's newRat): no stage of a build
// may change a model's number in place. After a build of synthetic
// content, every shared Rat still holds its value.
func TestSharedRatsUnchanged(t *testing.T) {
	build(t, synth.MapFS(synth.Options{Bureaus: 6, Years: 5, Seed: 5}))
	for k := int64(0); k <= 100_000; k++ {
		text := fmt.Sprintf("%d.%02d", k/100, k%100)
		r, ok := budget.ParseRat(text)
		if !ok || r.Cmp(big.NewRat(k, 100)) != 0 {
			t.Fatalf("the shared number %s reads %v after a build", text, r)
		}
	}
}

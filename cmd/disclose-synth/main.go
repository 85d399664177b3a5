// Command disclose-synth writes synthetic content shaped like real
// disclosures, for benchmarks and tests at portal scale:
//
//	disclose-synth -bureaus 2000 -years 5 -seed 1 -out /tmp/site
//
// writes /tmp/site/content/ (site.toml and one folder per bureau), which
// `disclose build --source /tmp/site` builds. The content is marked as
// synthetic everywhere; it is never example content.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"

	"github.com/disclose-portal/disclose/generator/synth"
)

func main() {
	bureaus := flag.Int("bureaus", 100, "number of bureaus")
	years := flag.Int("years", 5, "reports per bureau (one per year)")
	last := flag.Int("last-year", 2024, "the newest year")
	seed := flag.Uint64("seed", 1, "random seed: the same seed writes the same bytes")
	out := flag.String("out", "", "folder to write content/ into (required)")
	flag.Parse()
	if *out == "" || *bureaus < 1 || *years < 1 || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: disclose-synth -out DIR [-bureaus N] [-years N] [-last-year YYYY] [-seed N]")
		os.Exit(2)
	}
	if _, err := os.Stat(*out + "/content"); err == nil {
		fmt.Fprintf(os.Stderr, "disclose-synth: %s/content already exists; choose an empty folder\n", *out)
		os.Exit(2)
	}
	opt := synth.Options{Bureaus: *bureaus, Years: *years, LastYear: *last, Seed: *seed}
	if err := synth.WriteDir(*out, opt, runtime.GOMAXPROCS(0)); err != nil {
		fmt.Fprintf(os.Stderr, "disclose-synth: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d bureaus × %d years = %d reports of synthetic content to %s/content\n", *bureaus, *years, *bureaus**years, *out)
}

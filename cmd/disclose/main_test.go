package main

import (
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary act as the disclose command inside
// scripts, so that testscript drives the real CLI.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"disclose": main, // as installed: Ctrl-C (kill -INT) stops `serve` cleanly
	})
}

// TestScripts runs testdata/script/*.txtar: each is a small content tree
// and the commands run on it, with their expected output.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Cmds:                scriptCmds,
	})
}

package main

import (
	"os"

	"github.com/rogpeppe/go-internal/testscript"
)

// scriptCmds are extra commands for the scripts.
var scriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"touchr": cmdTouchR,
}

// cmdTouchR sets a file's access and modification times to another's, as
// `touch -r REF FILE` (and cp -p, rsync -t, tar x) do: touchr REF FILE.
func cmdTouchR(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: touchr REF FILE")
	}
	info, err := os.Stat(ts.MkAbs(args[0]))
	ts.Check(err)
	ts.Check(os.Chtimes(ts.MkAbs(args[1]), info.ModTime(), info.ModTime()))
}

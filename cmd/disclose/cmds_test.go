package main

import (
	"github.com/rogpeppe/go-internal/testscript"
)

// scriptCmds are extra commands for the scripts.
var scriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){}

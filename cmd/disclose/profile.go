package main

import (
	"os"
	"runtime/pprof"
)

// startCPUProfile writes a CPU profile of the command to file (read it
// with go tool pprof) until the returned function is called.
func startCPUProfile(file string) (stop func(), err error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

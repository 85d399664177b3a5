package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/disclose-portal/disclose/generator/render"
	"github.com/disclose-portal/disclose/generator/site"
)

func main() {
	res, _ := site.Build(context.Background(), site.Options{Source: os.DirFS(os.Args[1]), Render: true})
	f, _ := os.Create("/tmp/cpu2.prof")
	pprof.StartCPUProfile(f)
	for i := 0; i < 2; i++ {
		t := time.Now()
		r2, err := site.Build(context.Background(), site.Options{Source: os.DirFS(os.Args[1]), Render: true, Previous: res.Files,
			Affected: func(j render.Job) bool { return j.Kind != "bureau" && j.Kind != "report" || j.Bureau == "synth-00001-czj" }})
		fmt.Println(time.Since(t), err, r2.Rendered, r2.Pages)
	}
	pprof.StopCPUProfile()
}

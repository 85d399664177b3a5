package render

import (
	"path"
	"regexp"
	"sync"

	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/output"
)

// Pending are page jobs left for later, and the set they render into.
type Pending struct {
	r     *Renderer
	files *output.FileSet
	jobs  []Job
	done  []*sync.Once
}

// Paths lists the pages left for later.
func (p *Pending) Paths() []string {
	var paths []string
	for _, j := range p.jobs {
		paths = append(paths, j.Path)
	}
	return paths
}

// Make renders the pending jobs that make files in the folder of the
// file at name (a page and the data tables of its charts); with name
// "", all of them. Each runs once; it returns the problems of the jobs
// it ran (the page of a job that fails is not made).
func (p *Pending) Make(name string) diag.List {
	var problems diag.List
	for i, j := range p.jobs {
		if name == "" || path.Dir(j.Path) == path.Dir(name) {
			p.done[i].Do(func() { problems = append(problems, p.r.render(j, p.files)...) })
		}
	}
	return problems
}

var yearPage = regexp.MustCompile(`^[0-9]{4}/index\.html$`)

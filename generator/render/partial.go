package render

import (
	"io/fs"
	"path"
	"regexp"
	"sync"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/output"
)

// Partial renders a site like Site, but runs only the page jobs that
// affected selects: files starts as a Clone of prev, a previous build of
// the same site with the same theme and configuration (serve's rebuilds,
// where an edit to one bureau renders that bureau's pages and the
// indexes), and keeps what the other jobs made there. What a page job
// makes is its page and the files beside it (a chart's data table);
// files of the plan (assets, attachments, static files) are always put
// fresh. Pages that no job makes any more go with everything in their
// folder. When the set of years changed, every page renders: each page's
// navigation lists the years. It returns the problems and the number of
// pages rendered. Its work grows with what changed, not with the site:
// only removing the folders of vanished pages goes through every file.
//
// Jobs that later selects (of those to run) are not run but returned:
// serve renders an index page that no browser shows when it is asked
// for, not on every edit.
func (r *Renderer) Partial(site *budget.Site, src fs.FS, diags diag.List, files, prev *output.FileSet, affected, later func(Job) bool) (diag.List, int, *Pending) {
	plan := r.Plan(site, src, diags)
	copyAll(plan.Files, files)
	now := map[string]bool{}
	for _, j := range plan.Jobs {
		now[j.Path] = true
	}
	var gone []string // folders of pages no job makes now
	had := map[string]bool{}
	sameYears := true
	for _, page := range prev.Groups() {
		had[page] = true
		if yearPage.MatchString(page) && !now[page] {
			sameYears = false
		}
		if now[page] {
			continue
		}
		files.RemoveGroup(page)
		if dir := path.Dir(page); dir != "." {
			gone = append(gone, dir+"/")
		}
	}
	if len(gone) > 0 {
		files.RemoveUnder(gone, plan.Files.Has)
	}
	for _, j := range plan.Jobs {
		if j.Kind == "year" && !had[j.Path] {
			sameYears = false
		}
	}
	all := !sameYears
	var run []Job
	pending := &Pending{r: r, files: files}
	for _, j := range plan.Jobs {
		if all || affected(j) || !had[j.Path] {
			files.RemoveGroup(j.Path)
			if later != nil && later(j) {
				files.SetGroup(j.Path, nil) // the job is still there
				pending.jobs = append(pending.jobs, j)
				pending.done = append(pending.done, new(sync.Once))
			} else {
				run = append(run, j)
			}
		}
	}
	return append(plan.Problems, r.Run(run, files)...), len(run), pending
}

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

package render

import (
	"io/fs"
	"path"
	"regexp"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/output"
)

// Partial renders a site like Site, but runs only the page jobs that
// affected selects: the others keep what they made in prev, a previous
// build of the same site with the same theme and configuration (serve's
// rebuilds, where an edit to one bureau renders that bureau's pages and
// the indexes). What a page job makes is its page and the files beside it
// (a chart's data table); files of the plan (assets, attachments, static
// files) are always taken fresh. When the set of years changed, every
// page renders: each page's navigation lists the years. It returns the
// problems and the number of pages rendered.
func (r *Renderer) Partial(site *budget.Site, src fs.FS, diags diag.List, files, prev *output.FileSet, affected func(Job) bool) (diag.List, int) {
	plan := r.Plan(site, src, diags)
	plan.copyFiles(files)
	byDir := map[string][]string{}
	for _, p := range prev.Paths() {
		d := path.Dir(p)
		byDir[d] = append(byDir[d], p)
	}
	all := !sameYears(plan.Jobs, byDir)
	var run []Job
	for _, j := range plan.Jobs {
		if all || affected(j) || !prev.Has(j.Path) {
			run = append(run, j)
			continue
		}
		for _, p := range byDir[path.Dir(j.Path)] {
			if plan.Files.Has(p) {
				continue
			}
			f, _ := prev.Get(p)
			if f.From != nil {
				files.Copy(p, f.From, f.FromPath)
			} else {
				files.Add(p, f.Data)
			}
		}
	}
	return append(plan.Problems, r.Run(run, files)...), len(run)
}

var yearDir = regexp.MustCompile(`^[0-9]{4}$`)

// sameYears reports whether prev (by folder) has a year page for exactly
// the years the plan has.
func sameYears(jobs []Job, byDir map[string][]string) bool {
	has := func(dir string) bool {
		for _, p := range byDir[dir] {
			if path.Base(p) == "index.html" {
				return true
			}
		}
		return false
	}
	n := 0
	for _, j := range jobs {
		if j.Kind == "year" {
			if !has(path.Dir(j.Path)) {
				return false
			}
			n++
		}
	}
	for d := range byDir {
		if yearDir.MatchString(d) && has(d) {
			n--
		}
	}
	return n == 0
}

package load

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"testing"

	"github.com/disclose-portal/disclose/generator/i18n"
)

// TestWhatsInCatalogue: every description of a key that the loader
// passes to its accessors (t.str("title", true, "the portal's title"))
// is in the catalogue of descriptions in both languages, so that no
// message shows a raw key such as what.the portal's title.
func TestWhatsInCatalogue(t *testing.T) {
	// The argument that holds the description, by accessor.
	whatArg := map[string]int{
		"str": 2, "choice": 1, "count": 1, "amount": 2, "signedAmount": 2, "percentage": 1, "points": 1,
		"value": 1, "percent": 1, "date": 1, "strings": 1, "table": 1, "tables": 1, "counts": 1, "missing": 1,
		"slug": 2,
	}
	fset := token.NewFileSet()
	n := 0
	for _, file := range []string{"load.go", "decode.go"} {
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(node ast.Node) bool {
			call, ok := node.(*ast.CallExpr)
			if !ok {
				return true
			}
			var name string
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			case *ast.Ident:
				name = fn.Name
			}
			i, ok := whatArg[name]
			if !ok || i >= len(call.Args) {
				return true
			}
			lit, ok := call.Args[i].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true // passed on from a caller, checked there
			}
			w, _ := strconv.Unquote(lit.Value)
			n++
			for _, lang := range i18n.Langs {
				if _, ok := i18n.Format(lang, "what."+w); !ok {
					t.Errorf("%s: %q has no %s wording in generator/i18n/whats.go", fset.Position(lit.Pos()), w, lang)
				}
			}
			return true
		})
	}
	if n < 90 {
		t.Errorf("found only %d descriptions: has the accessors' form changed?", n)
	}
}

package conformance

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/internal/report"
)

const module = "github.com/isoconform/isoconform"

// TestStatusWordsAreTheModel's: the public words are the internal model's, so a status or
// verdict passes through unchanged.
func TestStatusWordsAreTheModels(t *testing.T) {
	for s, want := range map[report.Status]Status{report.StatusPass: StatusPass, report.StatusFail: StatusFail,
		report.StatusSkip: StatusSkip, report.StatusError: StatusError, report.StatusUnknown: StatusUnknown} {
		assert.Equal(t, want, Status(s.String()))
	}
	assert.Equal(t, "conformant", string(Conformant))
	assert.Equal(t, "partial", string(Partial))
	assert.Equal(t, "non-conformant", string(NonConformant))
	assert.Equal(t, "error", string(HarnessError))
}

// TestNoInternalTypeInPublicSignatures: nothing exported by conformance or mock names a type
// of an internal package, so other modules can use every exported name.
func TestNoInternalTypeInPublicSignatures(t *testing.T) {
	for _, dir := range []string{".", "../mock"} {
		fset := token.NewFileSet()
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			require.NoError(t, err)
			internal := map[string]bool{}
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if strings.Contains(path, "/internal/") {
					local := filepath.Base(path)
					if imp.Name != nil {
						local = imp.Name.Name
					}
					internal[local] = true
				}
			}
			leaks := func(n ast.Node) (found string) {
				ast.Inspect(n, func(n ast.Node) bool {
					if sel, ok := n.(*ast.SelectorExpr); ok {
						if id, ok := sel.X.(*ast.Ident); ok && internal[id.Name] {
							found = id.Name + "." + sel.Sel.Name
						}
					}
					return found == ""
				})
				return found
			}
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Name.IsExported() && (d.Recv == nil || exportedRecv(d.Recv)) {
						assert.Empty(t, leaks(d.Type), "%s: func %s", name, d.Name.Name)
					}
				case *ast.GenDecl:
					for _, s := range d.Specs {
						switch s := s.(type) {
						case *ast.TypeSpec:
							if s.Name.IsExported() {
								assert.Empty(t, exportedLeaks(s.Type, leaks), "%s: type %s", name, s.Name.Name)
							}
						case *ast.ValueSpec:
							if s.Type != nil && s.Names[0].IsExported() {
								assert.Empty(t, leaks(s.Type), "%s: %s", name, s.Names[0].Name)
							}
						}
					}
				}
			}
		}
	}
}

// exportedLeaks checks a struct's exported fields only (unexported fields may hold anything),
// and any other type whole.
func exportedLeaks(e ast.Expr, leaks func(ast.Node) string) string {
	st, ok := e.(*ast.StructType)
	if !ok {
		return leaks(e)
	}
	for _, f := range st.Fields.List {
		if len(f.Names) == 0 || f.Names[0].IsExported() {
			if l := leaks(f.Type); l != "" {
				return l
			}
		}
	}
	return ""
}

func exportedRecv(r *ast.FieldList) bool {
	t := r.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	id, ok := t.(*ast.Ident)
	return ok && id.IsExported()
}

// TestDependencies: the runner does not depend on the system it tests, and the command does
// not import the test matrix.
func TestDependencies(t *testing.T) {
	deps := func(pkg string) []string {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		require.NoError(t, err, pkg)
		return strings.Fields(string(out))
	}
	runner := deps(module + "/internal/steps")
	assert.NotContains(t, runner, module+"/internal/mock")
	assert.NotContains(t, runner, module+"/mock")
	assert.NotContains(t, deps(module+"/cmd/isoconform"), module+"/internal/matrix")
}

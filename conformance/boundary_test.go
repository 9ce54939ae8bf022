package conformance

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/internal/report"
	"github.com/isoconform/isoconform/internal/steps"
)

const module = "github.com/isoconform/isoconform"

// TestStatusWordsAreTheModel's: the public words are the internal model's, so a status or
// verdict passes through unchanged.
func TestStatusWordsAreTheModels(t *testing.T) {
	for s, want := range map[report.Status]Status{report.StatusPass: StatusPass, report.StatusFail: StatusFail,
		report.StatusSkip: StatusSkip, report.StatusError: StatusError, report.StatusUnknown: StatusUnknown,
		report.StatusWarn: StatusWarn, report.StatusNotSupported: StatusNotSupported} {
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

// TestOptionsCoverTheRunnersConfig: every setting of the runner's configuration (and every
// wait) has its field in the public Options (Timeouts), so a setting added to the runner is
// not out of reach of other modules. Embedded is what Options.Mock and BaseURL decide.
func TestOptionsCoverTheRunnersConfig(t *testing.T) {
	fields := func(v any) map[string]bool {
		out := map[string]bool{}
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			out[rt.Field(i).Name] = true
		}
		return out
	}
	public := fields(Options{})
	for name := range fields(steps.Config{}) {
		if name != "Embedded" {
			assert.True(t, public[name], "steps.Config.%s has no conformance.Options field", name)
		}
	}
	assert.Equal(t, fields(steps.Timeouts{}), fields(Timeouts{}), "conformance.Timeouts and steps.Timeouts hold the same waits")

	// The conversion carries every field: a value with each set survives the round trip.
	var in Timeouts
	rv := reflect.ValueOf(&in).Elem()
	for i := range rv.NumField() {
		rv.Field(i).SetInt(int64(i + 1))
	}
	assert.Equal(t, in, timeoutsOf(in.internal()))
}

// TestOptionsReachTheRunner: every Options field that the runner's Config also has arrives
// there with its value.
func TestOptionsReachTheRunner(t *testing.T) {
	var o Options
	rv := reflect.ValueOf(&o).Elem()
	for i := range rv.NumField() {
		f := rv.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString("https://example.invalid/" + rv.Type().Field(i).Name)
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Int, reflect.Int64:
			f.SetInt(int64(i + 1))
		case reflect.Slice:
			f.Set(reflect.ValueOf([]string{rv.Type().Field(i).Name}))
		case reflect.Map:
			f.Set(reflect.ValueOf(map[string]string{"no-role": "a-token-value"}))
		}
	}
	o.Profile, o.Timeouts = Current, Timeouts{Release: 7}
	cfg, err := o.config()
	require.NoError(t, err)
	cv := reflect.ValueOf(cfg)
	for i := range rv.NumField() {
		name := rv.Type().Field(i).Name
		got := cv.FieldByName(name)
		if !got.IsValid() || name == "Profile" || name == "Timeouts" || name == "Progress" {
			continue
		}
		assert.Equal(t, rv.Field(i).Interface(), got.Interface(), "Options.%s", name)
	}
	assert.Equal(t, Current, string(cfg.Profile))
	assert.Equal(t, time.Duration(7), cfg.Timeouts.Release)
}

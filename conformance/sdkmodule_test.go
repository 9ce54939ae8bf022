package conformance_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestOtherModulesCanImportThePublicPackages runs the tests of testdata/sdkmodule, a module
// of its own that imports mock and conformance as another team's SDK would: a careful and a
// careless client checked against the mock's verdicts, the whole suite through RunT, and a
// partial RunT that fails. It runs offline on the module cache (GOPROXY=off) with
// -mod=readonly, so a go.mod or go.sum in testdata that lacks something fails here rather than
// being rewritten.
func TestOtherModulesCanImportThePublicPackages(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "test", "-count=1", "./...")
	cmd.Dir = filepath.Join("testdata", "sdkmodule")
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOWORK=off", "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=readonly"))
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test in %s: %v\n%s", cmd.Dir, err, out)
	}
	if !strings.Contains(string(out), "ok  \texample.com/sdkmodule") {
		t.Fatalf("go test in %s did not report the module's tests passing:\n%s", cmd.Dir, out)
	}
	t.Logf("%s", out)
}

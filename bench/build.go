package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// buildSuite builds cmd/isoconform into a new temporary folder named after prefix and returns
// the binary's path and the folder, which the caller removes when done.
func buildSuite(ctx context.Context, prefix string) (bin, dir string, err error) {
	dir, err = os.MkdirTemp("", prefix)
	if err != nil {
		return "", "", err
	}
	bin = filepath.Join(dir, "isoconform")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/isoconform").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return "", "", fmt.Errorf("bench: build cmd/isoconform: %w\n%s", err, out)
	}
	return bin, dir, nil
}

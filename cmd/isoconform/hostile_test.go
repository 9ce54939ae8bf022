package main

import (
	"context"
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUnreachableTargetExitsTwoWithAClearMessage runs the real suite at a
// loopback port where nothing listens.
func TestUnreachableTargetExitsTwoWithAClearMessage(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())

	code, stdout, stderr := runArgs(context.Background(), "run",
		"--base-url", "http://"+addr+"/api", "--profile", "current",
		"--token", "machine-isolate=token-for-an-unreachable-target")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "unreachable")
	assert.Contains(t, stderr, "cannot connect to "+addr+": connection refused")
	assert.Contains(t, stdout, "HARNESS ERROR")
}

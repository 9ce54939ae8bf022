package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSmallMistakesGetClearMessages runs each mistake a new user made in a trial: each exits 2
// before anything is sent, naming what to do instead.
func TestSmallMistakesGetClearMessages(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		env  []string
		want []string
	}{
		{"a word in --tags", []string{"run", "--tags", "not @rate"}, nil, []string{"'~' (not)", "is not one tag"}},
		{"a parenthesis in --tags", []string{"run", "--tags", "(@core"}, nil, []string{"without parentheses"}},
		{"a bare requirement id in --tags", []string{"run", "--tags", "ISO-BODY-001"}, nil, []string{"@req:ISO-BODY-001"}},
		{"an unknown short role", []string{"run", "--token", "bogus=abc"}, nil, []string{`unknown role "bogus"`}},
		{"a base URL without scheme", []string{"run", "--base-url", "127.0.0.1:8080/api"}, nil, []string{"scheme must be http or https"}},
		{"an invalid profile variable", []string{"run"}, []string{"ISOCONFORM_PROFILE=nope"}, []string{"ISOCONFORM_PROFILE", "preview-2017"}},
		{"an invalid boolean variable", []string{"run"}, []string{"ISOCONFORM_ALLOW_LIVE=yes"}, []string{"ISOCONFORM_ALLOW_LIVE", "accepted: true, false, 1, 0"}},
		{"version with an argument", []string{"version", "extra"}, nil, []string{"version takes no arguments"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(context.Background(), tc.args, tc.env, &out, &errOut)
			assert.Equal(t, exitUsage, code)
			for _, w := range tc.want {
				assert.Contains(t, errOut.String(), w)
			}
			assert.NotContains(t, errOut.String(), "abc")
		})
	}
}

func TestSubcommandHelpGoesToStdout(t *testing.T) {
	for _, c := range []string{"run", "mock", "version"} {
		var out, errOut bytes.Buffer
		code := run(context.Background(), []string{c, "--help"}, nil, &out, &errOut)
		assert.Equal(t, exitOK, code, c)
		assert.Contains(t, out.String(), "Usage of isoconform "+c, c)
		assert.Empty(t, errOut.String(), c)
	}
}

package conformance_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/conformance"
	"github.com/isoconform/isoconform/mock"
)

// fakeT records what RunT does to a test instead of ending goroutines.
type fakeT struct {
	ctx      context.Context
	name     string
	failed   bool
	fatal    bool
	skipped  string
	messages []string
	subtests []*fakeT
}

func newFakeT(t *testing.T) *fakeT { return &fakeT{ctx: t.Context(), name: t.Name()} }

func (f *fakeT) Helper()                  {}
func (f *fakeT) Context() context.Context { return f.ctx }
func (f *fakeT) Logf(format string, args ...any) {
	f.messages = append(f.messages, "log: "+fmt.Sprintf(format, args...))
}
func (f *fakeT) Errorf(format string, args ...any) {
	f.failed = true
	f.messages = append(f.messages, "error: "+fmt.Sprintf(format, args...))
}
func (f *fakeT) Fatalf(format string, args ...any) { f.Errorf(format, args...); f.fatal = true }
func (f *fakeT) Skip(args ...any)                  { f.skipped = fmt.Sprint(args...) }
func (f *fakeT) Run(name string, fn func(*fakeT)) bool {
	c := &fakeT{ctx: f.ctx, name: name}
	f.subtests = append(f.subtests, c)
	fn(c)
	if c.failed {
		f.failed = true
	}
	return !c.failed
}

// quick are options for a standalone mock: the mock's waits, several scenarios at once.
func quick(t *testing.T, srv *mock.Server, profile string, tokens map[string]string) conformance.Options {
	base, err := srv.BaseURL(profile)
	require.NoError(t, err)
	return conformance.Options{Profile: profile, BaseURL: base, Tokens: tokens, MachineIDs: srv.MachineIDs(),
		Timeouts: conformance.MockTimeouts(), Concurrency: 4}
}

// TestRunTFailsAPartialRun: with only one role's token most scenarios skip; RunT fails the
// test (the command line would exit 3) unless AcceptPartial, and each skip shows its reason.
func TestRunTFailsAPartialRun(t *testing.T) {
	srv, err := mock.Start(t.Context(), mock.Options{})
	require.NoError(t, err)
	defer srv.Close()
	tok, err := srv.Token(conformance.Preview2017, conformance.RoleSecurityAdministrator)
	require.NoError(t, err)
	opts := quick(t, srv, conformance.Preview2017, map[string]string{conformance.RoleSecurityAdministrator: tok})

	ft := newFakeT(t)
	r := conformance.RunT(ft, opts)
	require.NotNil(t, r)
	require.Equal(t, conformance.Partial, r.Verdict, r.VerdictReason)
	assert.Equal(t, 3, r.ExitCode())
	assert.True(t, ft.failed, "a partial run fails the test")
	assert.False(t, ft.fatal)
	assert.Contains(t, strings.Join(ft.messages, "\n"), "partial run")
	require.Len(t, ft.subtests, len(r.Scenarios))
	skipped := 0
	for i, sub := range ft.subtests {
		s := r.Scenarios[i]
		assert.Equal(t, conformance.SubtestName(s), sub.name)
		for _, id := range s.RequirementIDs {
			assert.Contains(t, sub.name, id)
		}
		if s.Status == conformance.StatusSkip {
			skipped++
			assert.Equal(t, s.Reason, sub.skipped, s.Name)
			assert.NotEmpty(t, sub.skipped, s.Name)
		}
		assert.False(t, sub.failed, "%s: %v", s.Name, sub.messages)
	}
	assert.Positive(t, skipped)

	opts.AcceptPartial = true
	ft = newFakeT(t)
	r = conformance.RunT(ft, opts)
	require.NotNil(t, r)
	assert.Equal(t, conformance.Partial, r.Verdict)
	assert.False(t, ft.failed, "AcceptPartial: %v", ft.messages)
}

// TestRunTFailsANonConformantTarget: against a mock that answers 200 instead of 201, the
// scenario checking the status fails its subtest with the requirement, and the test fails.
func TestRunTFailsANonConformantTarget(t *testing.T) {
	ft := newFakeT(t)
	r := conformance.RunT(ft, conformance.Options{Profile: conformance.Current, Mock: mock.Options{Deviations: []string{"created-200"}}})
	require.NotNil(t, r)
	assert.Equal(t, conformance.NonConformant, r.Verdict)
	assert.Equal(t, 1, r.ExitCode())
	assert.True(t, ft.failed)
	failed := 0
	for i, sub := range ft.subtests {
		if r.Scenarios[i].Status == conformance.StatusFail {
			failed++
			assert.True(t, sub.failed, sub.name)
			require.NotNil(t, r.Scenarios[i].Failure)
			assert.Contains(t, strings.Join(sub.messages, "\n"), r.Scenarios[i].Failure.RequirementID)
		}
	}
	assert.Positive(t, failed)
}

func TestRunTSetupError(t *testing.T) {
	ft := newFakeT(t)
	assert.Nil(t, conformance.RunT(ft, conformance.Options{Profile: "v9"}))
	assert.True(t, ft.fatal)
	assert.Empty(t, ft.subtests)

	ft = newFakeT(t)
	assert.Nil(t, conformance.RunT(ft, conformance.Options{BaseURL: "https://api.security.microsoft.com/api"}))
	assert.True(t, ft.fatal)
	assert.Contains(t, strings.Join(ft.messages, "\n"), "allow-live", "a live target needs AllowLive; nothing is sent")
}

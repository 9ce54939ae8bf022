package sdkmodule

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/isoconform/isoconform/conformance"
	"github.com/isoconform/isoconform/mock"
)

// startMock starts the reference mock for one test.
func startMock(t *testing.T, opts mock.Options) *mock.Server {
	t.Helper()
	srv, err := mock.Start(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

func client(t *testing.T, srv *mock.Server, careless bool) Client {
	t.Helper()
	base, err := srv.BaseURL(conformance.Current)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := srv.Token(conformance.Current, conformance.RoleMachineIsolate)
	if err != nil {
		t.Fatal(err)
	}
	return Client{Base: base, Token: tok, Careless: careless}
}

func rules(vs []mock.Verdict) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Rule)
	}
	slices.Sort(out)
	return out
}

// TestCarefulClient: a client that follows the documents isolates and earns no verdict.
func TestCarefulClient(t *testing.T) {
	srv := startMock(t, mock.Options{})
	status, id, err := client(t, srv, false).Isolate(t.Context(), srv.MachineIDs()[0], "isolate for investigation")
	if err != nil {
		t.Fatal(err)
	}
	if status != http.StatusCreated || id == "" {
		t.Fatalf("isolate: status %d, action id %q; want 201 and an id", status, id)
	}
	if vs := srv.Verdicts(); len(vs) != 0 {
		t.Fatalf("a careful client got verdicts: %v", rules(vs))
	}
	if vs := srv.Violations(); len(vs) != 0 {
		t.Fatalf("a careful client broke the contract %d times", len(vs))
	}
}

// TestCarelessClient: lower-case properties without a Content-Type are refused, and the
// verdicts name both mistakes.
func TestCarelessClient(t *testing.T) {
	srv := startMock(t, mock.Options{})
	status, _, err := client(t, srv, true).Isolate(t.Context(), srv.MachineIDs()[0], "isolate for investigation")
	if err != nil {
		t.Fatal(err)
	}
	if status != http.StatusBadRequest && status != http.StatusUnsupportedMediaType {
		t.Fatalf("isolate: status %d; want the request refused (400 or 415)", status)
	}
	got := rules(srv.Verdicts())
	for _, want := range []string{mock.RuleLowercaseProperty, mock.RuleNonJSONContentType} {
		if !slices.Contains(got, want) {
			t.Errorf("verdicts %v lack %s", got, want)
		}
	}
	if len(srv.Violations()) == 0 {
		t.Error("the refused request was not recorded as a violation")
	}
}

// TestSuite runs the whole conformance suite against the reference mock, each scenario a
// subtest named by its requirement ids.
func TestSuite(t *testing.T) {
	r := conformance.RunT(t, conformance.Options{Profile: conformance.Current})
	if r.Verdict != conformance.Conformant {
		t.Fatalf("verdict %s: %s", r.Verdict, r.VerdictReason)
	}
}

// recorder is a test that records what RunT does to it.
type recorder struct {
	ctx    context.Context
	failed bool
	notes  []string
}

func (r *recorder) Helper()                  {}
func (r *recorder) Context() context.Context { return r.ctx }
func (r *recorder) Logf(f string, a ...any)  { r.notes = append(r.notes, fmt.Sprintf(f, a...)) }
func (r *recorder) Errorf(f string, a ...any) {
	r.failed = true
	r.Logf(f, a...)
}
func (r *recorder) Fatalf(f string, a ...any) { r.Errorf(f, a...) }
func (r *recorder) Skip(a ...any)             { r.notes = append(r.notes, "skip: "+fmt.Sprint(a...)) }
func (r *recorder) Run(_ string, f func(*recorder)) bool {
	sub := &recorder{ctx: r.ctx}
	f(sub)
	r.failed = r.failed || sub.failed
	return !sub.failed
}

// TestPartialRunTFails: a run that has the token of one role only skips the scenarios of the
// others; RunT fails the test for it (the command line exits 3) unless AcceptPartial.
func TestPartialRunTFails(t *testing.T) {
	srv := startMock(t, mock.Options{})
	base, err := srv.BaseURL(conformance.Preview2017)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := srv.Token(conformance.Preview2017, conformance.RoleSecurityAdministrator)
	if err != nil {
		t.Fatal(err)
	}
	opts := conformance.Options{Profile: conformance.Preview2017, BaseURL: base, MachineIDs: srv.MachineIDs(),
		Tokens: map[string]string{conformance.RoleSecurityAdministrator: tok}, Timeouts: conformance.MockTimeouts(), Concurrency: 4}
	rec := &recorder{ctx: t.Context()}
	r := conformance.RunT(rec, opts)
	if r == nil || r.Verdict != conformance.Partial {
		t.Fatalf("want a partial run, got %+v", r)
	}
	if !rec.failed {
		t.Fatal("RunT did not fail a partial run")
	}
	opts.AcceptPartial = true
	rec = &recorder{ctx: t.Context()}
	if r := conformance.RunT(rec, opts); r == nil || r.Verdict != conformance.Partial || rec.failed {
		t.Fatalf("AcceptPartial: failed %v, notes %v", rec.failed, rec.notes)
	}
}

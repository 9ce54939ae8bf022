package mock

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/isoconform/isoconform/internal/auth"
	imock "github.com/isoconform/isoconform/internal/mock"
	"github.com/isoconform/isoconform/spec"
)

// closeTimeout bounds how long Close waits for requests in flight.
const closeTimeout = 5 * time.Second

// Server is a started mock. It is safe for concurrent use.
type Server struct {
	running *imock.Running
}

// Start serves a mock configured by opts until Close is called or ctx ends.
func Start(ctx context.Context, opts Options) (*Server, error) {
	opts = opts.clone()
	in, err := internalOptions(opts)
	if err != nil {
		return nil, err
	}
	addr := opts.Addr
	if addr == "" {
		addr = DefaultAddr
	}
	r, err := imock.Start(ctx, in, addr)
	if err != nil {
		return nil, err
	}
	return &Server{running: r}, nil
}

// internalOptions converts the public options for the implementation.
func internalOptions(o Options) (imock.Options, error) {
	in := imock.Options{
		Deviations:      o.Deviations,
		Variants:        o.Variants,
		CompletionDelay: o.CompletionDelay,
		CompletionReads: o.CompletionReads,
		RateLimit: imock.RateLimit{
			Disabled:  o.RateLimit.Disabled,
			PerMinute: o.RateLimit.PerMinute,
			PerHour:   o.RateLimit.PerHour,
		},
		Logger:     o.Logger,
		Proxy:      o.Proxy,
		TLS:        o.TLS,
		ProxyHosts: o.ProxyHosts,
		HostNames:  o.HostNames,
	}
	if len(o.RateLimit.OnlyRoles) > 0 {
		ps, err := auth.FixturePrincipals()
		if err != nil {
			return imock.Options{}, fmt.Errorf("mock: %w", err)
		}
		for _, role := range o.RateLimit.OnlyRoles {
			p, ok := ps.Get(role)
			if !ok || p.AppID == "" {
				return imock.Options{}, fmt.Errorf("mock: RateLimit.OnlyRoles: %q is not an application role (known: %v)", role, ps.Keys())
			}
			in.RateLimit.OnlyApps = append(in.RateLimit.OnlyApps, p.AppID)
		}
	}
	return in, nil
}

// URL returns the server's root, e.g. http://127.0.0.1:PORT. A profile's API is under its
// base path: BaseURL gives it.
func (s *Server) URL() string { return s.running.URL }

// BaseURL returns the API root of profile ("preview-2017" or "current"), the base URL a
// client or the conformance suite is given.
func (s *Server) BaseURL(profile string) (string, error) {
	p, err := spec.ParseProfile(profile)
	if err != nil {
		return "", fmt.Errorf("mock: %w", err)
	}
	return s.running.URL + p.BasePath(), nil
}

// Close stops the server, waiting a few seconds at most for requests in flight. Later calls
// return the first call's result.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
	defer cancel()
	return s.running.Close(ctx)
}

// Token returns a bearer token for profile ("preview-2017" or "current") and role, as the
// conformance suite names roles: a valid token of a fixture principal (security-administrator,
// global-administrator, no-role; machine-isolate, machine-isolate-delegated, no-permission,
// rate-limit), or a broken token of the principal allowed to isolate (expired,
// wrong-audience, wrong-issuer, and the other kinds AttackKinds lists).
func (s *Server) Token(profile, role string) (string, error) {
	p, err := spec.ParseProfile(profile)
	if err != nil {
		return "", fmt.Errorf("mock: %w", err)
	}
	if slices.Contains(imock.AttackKinds(), role) {
		return s.running.Server.AttackToken(role, p)
	}
	return s.running.Server.Token(role, p)
}

// AttackKinds lists the broken-token roles Token accepts besides the fixture principals, sorted.
func AttackKinds() []string { return imock.AttackKinds() }

// MachineIDs returns the ids of the machines the server knows, in fixture order.
func (s *Server) MachineIDs() []string {
	ms := s.running.Server.Machines()
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}

// Deviations returns the names of the deviations the server commits.
func (s *Server) Deviations() []string { return s.running.Server.Deviations() }

// Verdicts returns what the clients that called the server did wrong, one entry per client and
// rule. A careful client has none.
func (s *Server) Verdicts() []Verdict {
	in := s.running.Server.Verdicts()
	out := make([]Verdict, len(in))
	for i, v := range in {
		out[i] = verdictOf(v)
	}
	return out
}

// Violations returns the requests the server refused because they broke the contract, oldest
// first, with secrets redacted.
func (s *Server) Violations() []Violation {
	in := s.running.Server.Violations()
	out := make([]Violation, len(in))
	for i, v := range in {
		out[i] = violationOf(v)
	}
	return out
}

// ClearVerdicts forgets every verdict and the state they are judged on.
func (s *Server) ClearVerdicts() { s.running.Server.ClearVerdicts() }

// ClearViolations forgets every recorded violation.
func (s *Server) ClearViolations() { s.running.Server.ClearViolations() }

// QueueFault queues a scripted fault: the next f.Count matching requests get it. An invalid
// fault (no match criterion, unknown operation, status out of range, ...) is refused.
func (s *Server) QueueFault(f Fault) error { return s.running.Server.QueueFault(f.internal()) }

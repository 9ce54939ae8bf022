package mock

import (
	"fmt"
	"slices"
	"sort"

	"github.com/isoconform/isoconform/internal/auth"
	"github.com/isoconform/isoconform/spec"
)

// Attack kinds AttackToken makes besides auth.Attacks: a bearer value that is not a JWT, and
// a valid token for the other profile's audience.
const (
	AttackMalformed    = "malformed"
	AttackWrongProfile = "wrong-profile"
)

// attackAlias returns the auth attack an alias names, or kind itself.
func attackAlias(kind string) string {
	switch kind {
	case "other-key":
		return "foreign-key"
	case "hs256":
		return "hs256-public-key"
	}
	return kind
}

// Roles returns the fixture principal keys that make sense for profile p: directory-role users
// for preview-2017, applications and a delegated user for current.
func (s *Server) Roles(p spec.Profile) []string {
	if p == spec.Current {
		return []string{auth.PrincipalMachineIsolate, auth.PrincipalMachineIsolateDelegated,
			auth.PrincipalNoPermission, auth.PrincipalRateLimit}
	}
	return []string{auth.PrincipalSecurityAdministrator, auth.PrincipalGlobalAdministrator, auth.PrincipalNoRole}
}

// Token returns a valid token of the fixture principal role for profile p's audience.
func (s *Server) Token(role string, p spec.Profile) (string, error) {
	pr, ok := s.principals.Get(role)
	if !ok {
		return "", fmt.Errorf("mock: unknown role %q (known: %v)", role, s.principals.Keys())
	}
	return s.issuer.Issue(pr, auth.Audience(p))
}

// AttackKinds lists the kinds AttackToken accepts, sorted.
func AttackKinds() []string {
	kinds := []string{AttackMalformed, AttackWrongProfile}
	for _, a := range auth.Attacks() {
		kinds = append(kinds, a.Name)
	}
	kinds = append(kinds, "other-key", "hs256")
	sort.Strings(kinds)
	return slices.Compact(kinds)
}

// AttackToken returns a broken token for profile p, of the principal allowed to isolate
// (security-administrator in preview-2017, machine-isolate in current): one of auth's attacks
// by name ("expired", "not-yet-valid", "wrong-audience", "wrong-issuer", "foreign-key" alias
// "other-key", "alg-none", "hs256-public-key" alias "hs256", "missing-kid", "unknown-kid",
// "roles-removed"), "malformed" (not a JWT) or "wrong-profile" (valid, for the other
// profile's audience).
func (s *Server) AttackToken(kind string, p spec.Profile) (string, error) {
	role := auth.PrincipalSecurityAdministrator
	other := spec.Current
	if p == spec.Current {
		role, other = auth.PrincipalMachineIsolate, spec.Preview2017
	}
	pr, ok := s.principals.Get(role)
	if !ok {
		return "", fmt.Errorf("mock: no fixture principal %q", role)
	}
	switch kind {
	case AttackMalformed:
		return "not-a-jwt", nil
	case AttackWrongProfile:
		return s.issuer.Issue(pr, auth.Audience(other))
	}
	kind = attackAlias(kind)
	for _, a := range auth.Attacks() {
		if a.Name == kind {
			return s.issuer.Issue(pr, auth.Audience(p), a.Option)
		}
	}
	return "", fmt.Errorf("mock: unknown attack %q (known: %v)", kind, AttackKinds())
}

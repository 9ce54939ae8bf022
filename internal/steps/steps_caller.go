package steps

import (
	"context"
	"strings"
)

// callerSteps set up who calls: a role's token, no header, a malformed header, or a token
// the suite forged, altered or stripped of its signature.
func callerSteps() []stepDef {
	return []stepDef{
		{`^an authorised caller$`, anAuthorisedCaller},
		{`^a caller with a token for role "([^"]*)"$`, aCallerWithRole},
		{`^a caller without an Authorization header$`, aCallerWithoutHeader},
		{`^a caller whose Authorization header is "([^"]*)"$`, aCallerWithHeader},
		{`^a caller with a token signed by an unknown key$`, aForgedCaller},
		{`^a caller with an authorised token whose claims were altered after signing$`, aTamperedCaller},
		{`^a caller with an authorised token re-sent unsigned with the algorithm "none"$`, anUnsignedCaller},
	}
}

// authorisedRole picks the configured role that may isolate for this scenario: they take
// turns by scenario, spreading the load over every token given.
func (s *scenario) authorisedRole() (string, error) {
	roles := s.t.isolateRoles()
	if len(roles) == 0 {
		want := RoleSecurityAdministrator
		if s.t.profile == "current" {
			want = RoleMachineIsolate
		}
		return "", s.skip("no token for a role that may isolate: pass --token %s=...", want)
	}
	h := 0
	for _, c := range s.info.Feature + s.info.Name {
		h = h*31 + int(c)
	}
	if h < 0 {
		h = -h
	}
	return roles[h%len(roles)], nil
}

func anAuthorisedCaller(ctx context.Context) error {
	s := from(ctx)
	role, err := s.authorisedRole()
	if err != nil {
		return err
	}
	s.caller = caller{set: true, role: role, any: true}
	return nil
}

func aCallerWithRole(ctx context.Context, role string) error {
	s := from(ctx)
	if !isKnownRole(role) {
		return harness("unknown role %q in the feature file", role)
	}
	if s.t.tokens[role] == "" {
		return s.skip("no token for role %s: pass --token %s=...", role, role)
	}
	s.caller = caller{set: true, role: role}
	return nil
}

func aCallerWithoutHeader(ctx context.Context) error {
	from(ctx).caller = caller{set: true, none: true}
	return nil
}

const authorisedPlaceholder = "{authorised token}"

func aCallerWithHeader(ctx context.Context, header string) error {
	s := from(ctx)
	if strings.Contains(header, authorisedPlaceholder) {
		role, err := s.authorisedRole()
		if err != nil {
			return err
		}
		header = strings.ReplaceAll(header, authorisedPlaceholder, s.t.tokens[role])
	}
	s.caller = caller{set: true, header: header}
	return nil
}

func aForgedCaller(ctx context.Context) error {
	s := from(ctx)
	template := ""
	if roles := s.t.isolateRoles(); len(roles) > 0 {
		template = s.t.tokens[roles[0]]
	}
	tok, err := s.t.forgedToken(template)
	if err != nil {
		return harness("forge token: %v", err)
	}
	s.caller = caller{set: true, header: "Bearer " + tok}
	return nil
}

func aTamperedCaller(ctx context.Context) error {
	return from(ctx).derivedCaller(tamperedToken, "altered")
}

func anUnsignedCaller(ctx context.Context) error {
	return from(ctx).derivedCaller(unsignedToken, "re-sent unsigned")
}

// derivedCaller calls with a token made from an authorised role's token by derive; a token
// that is not a JWT cannot be derived from, and the scenario is skipped saying it cannot be
// done (what names the change).
func (s *scenario) derivedCaller(derive func(string) (string, bool), what string) error {
	role, err := s.authorisedRole()
	if err != nil {
		return err
	}
	tok, ok := derive(s.t.tokens[role])
	if !ok {
		return s.skip("the token for role %s is not a JWT, so it cannot be %s", role, what)
	}
	s.caller = caller{set: true, header: "Bearer " + tok}
	return nil
}

package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/isoconform/isoconform/internal/steps"
)

// tokens resolves the token of every role: --token ROLE=VALUE or
// ROLE=@FILE first, then ISOCONFORM_TOKEN_<ROLE> for the roles the flags
// left out. No error text contains a token value.
func tokens(flags []string, e environment) (map[string]string, error) {
	out := map[string]string{}
	for _, f := range flags {
		role, value, ok := strings.Cut(f, "=")
		role = strings.TrimSpace(role)
		if !ok || role == "" {
			return nil, usagef("--token takes ROLE=VALUE or ROLE=@FILE (roles: %s)", strings.Join(steps.KnownRoles(), ", "))
		}
		if !slices.Contains(steps.KnownRoles(), role) {
			return nil, usagef("--token: unknown role %q: use one of %s", role, strings.Join(steps.KnownRoles(), ", "))
		}
		if _, dup := out[role]; dup {
			return nil, usagef("--token %s given twice", role)
		}
		tok, err := readToken(value)
		if err != nil {
			return nil, usagef("--token %s: %v", role, err)
		}
		out[role] = tok
	}
	for _, role := range steps.KnownRoles() {
		if _, set := out[role]; set {
			continue
		}
		v, ok := e.lookup(steps.TokenEnv(role))
		if !ok || strings.TrimSpace(v) == "" {
			continue
		}
		tok, err := readToken(v)
		if err != nil {
			return nil, usagef("%s: %v", steps.TokenEnv(role), err)
		}
		out[role] = tok
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// minTokenLength is the shortest token accepted. Real bearer tokens run to
// hundreds of characters; a value of a few characters is a mistake, and
// redacting it would mask that text wherever it occurs in the output.
const minTokenLength = 8

func readToken(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", fmt.Errorf("empty token")
	}
	tok, err := steps.ReadToken(v)
	if err != nil {
		return "", err
	}
	if len(tok) < minTokenLength {
		return "", fmt.Errorf("the token is %d characters long: too short to be a bearer token (at least %d)", len(tok), minTokenLength)
	}
	return tok, nil
}

// secretValues returns the token values, for the redactor.
func secretValues(toks map[string]string) []string {
	out := make([]string, 0, len(toks))
	for _, v := range toks {
		out = append(out, v)
	}
	return out
}

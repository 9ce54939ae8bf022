package steps

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/isoconform/isoconform/internal/guid"
	"github.com/isoconform/isoconform/internal/httpx"
	"github.com/isoconform/isoconform/spec"
)

// errPreflight marks a setup mistake found before any scenario ran, so before any isolation.
var errPreflight = errors.New("preflight, nothing was isolated")

// preflightError is a setup mistake found by the preflight, with the fix.
func preflightError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errPreflight, fmt.Sprintf(format, args...))
}

// selfRejectingRoles are the roles whose tokens the target is meant to refuse: the preflight
// does not try them.
var selfRejectingRoles = []string{RoleExpired, RoleWrongAudience, RoleWrongIssuer}

// preflight runs before the first scenario, so a mistake in the setup stops the run before
// anything is isolated, with a message naming the fix. Against every target it makes one
// harmless read so that an unreachable target is a setup error. Against a target that is not
// the embedded mock it also checks that the profile's routes exist at the base URL, that
// each configured token authenticates (and is not a token of the other profile), and that
// each configured machine exists where the target can tell.
func (t *target) preflight(ctx context.Context, machines []string) error {
	probe := "/machineactions/" + guid.New()
	ex, _, err := t.send(ctx, request{op: opOther, method: http.MethodGet, rel: probe})
	if err != nil && (httpx.IsUnreachable(err) || httpx.KindOf(err) == httpx.KindCanceled) {
		return fmt.Errorf("target %s unreachable: %w", t.red.String(t.base.String()), err)
	}
	if t.isMock || err != nil {
		return nil
	}
	if ex.StatusCode == http.StatusNotFound {
		return t.wrongBasePath()
	}
	if err := t.checkTokens(ctx, probe); err != nil {
		return err
	}
	return t.checkMachines(ctx, machines)
}

// wrongBasePath explains a 404 before authentication: no route of the profile at the base URL.
func (t *target) wrongBasePath() error {
	msg := fmt.Sprintf("no %s API at %s: GET machineactions/{id} without a token answered 404 (an API answers 401), so the base path is wrong; the %s profile's base URL ends with %s",
		t.profile, t.red.String(t.base.String()), t.profile, strings.Join(t.profile.BasePaths(), " or "))
	return preflightError("%s%s", msg, t.prefixAdvice())
}

// prefixAdvice says, when the base URL ends with another profile's prefix and not with one
// of this profile's, which profile that prefix belongs to; "" otherwise.
func (t *target) prefixAdvice() string {
	if _, ok := t.root(); ok {
		return ""
	}
	path := strings.TrimRight(t.base.Path, "/")
	for _, p := range spec.Profiles() {
		if p == t.profile {
			continue
		}
		for _, b := range p.BasePaths() {
			if strings.HasSuffix(path, b) {
				return fmt.Sprintf("; the base URL ends with %s, the prefix of the %s profile: pass --profile %s, or end --base-url with %s", b, p, p, t.profile.BasePath())
			}
		}
	}
	return ""
}

// checkTokens tries each configured token of the profile's roles once on a harmless authenticated read (an action
// id that does not exist). A 401 is a setup error naming the role; when the same token
// authenticates under the other profile's base path, the message says so.
func (t *target) checkTokens(ctx context.Context, probe string) error {
	roles := make([]string, 0, len(t.tokens))
	for r := range t.tokens {
		// Tokens of roles the profile does not use are never sent.
		if slices.Contains(ProfileRoles(t.profile), r) && !slices.Contains(selfRejectingRoles, r) {
			roles = append(roles, r)
		}
	}
	sort.Strings(roles)
	var errs []error
	for _, role := range roles {
		ex, _, err := t.send(ctx, request{op: opOther, method: http.MethodGet, rel: probe, auth: "Bearer " + t.tokens[role]})
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			continue // a slow or odd answer is for the scenarios to judge
		}
		switch ex.StatusCode {
		case http.StatusUnauthorized:
			if other, ok := t.otherProfileAccepts(ctx, probe, t.tokens[role]); ok {
				errs = append(errs, preflightError("the token for role %s is a token of the %s profile (the target's %s API accepts it, the %s API answers 401): pass a %s token for %s (%s), or run --profile %s",
					role, other, other, t.profile, t.profile, role, TokenEnv(role), other))
				continue
			}
			if advice := t.prefixAdvice(); advice != "" {
				errs = append(errs, preflightError("the token for role %s does not authenticate (401 on GET machineactions/{id})%s", role, advice))
				continue
			}
			errs = append(errs, preflightError("the token for role %s does not authenticate: a harmless read (GET machineactions/{id}) answered 401; it may be expired, issued for another audience or tenant, or not a token of this API: get a new token and pass it with --token %s=... (%s)",
				role, role, TokenEnv(role)))
		case http.StatusForbidden:
			if slices.Contains(t.isolateRoles(), role) {
				t.noticef("the token for role %s may not read machine actions (403 on GET machineactions/{id}): the suite polls with its other tokens", role)
			}
		}
	}
	return errors.Join(errs...)
}

// otherProfileAccepts reports whether tok authenticates under another profile's base path of
// the same host: that API exists (401 without a token) and does not answer tok with 401.
func (t *target) otherProfileAccepts(ctx context.Context, probe, tok string) (spec.Profile, bool) {
	root, ok := t.root()
	if !ok {
		return "", false
	}
	for _, p := range spec.Profiles() {
		if p == t.profile {
			continue
		}
		r := request{op: opOther, method: http.MethodGet, rel: probe, prefix: root + p.BasePath()}
		if ex, _, err := t.send(ctx, r); err != nil || ex.StatusCode != http.StatusUnauthorized {
			continue // no API of that profile there
		}
		r.auth = "Bearer " + tok
		if ex, _, err := t.send(ctx, r); err == nil && ex.StatusCode != http.StatusUnauthorized && ex.StatusCode < 500 {
			return p, true
		}
	}
	return "", false
}

// root is the base URL's path without the profile's base path; false when it does not end
// with one.
func (t *target) root() (string, bool) {
	path := strings.TrimRight(t.base.Path, "/")
	bases := t.profile.BasePaths()
	for i := len(bases) - 1; i >= 0; i-- { // longest first: /api/v1.0 before /api
		if r, ok := strings.CutSuffix(path, bases[i]); ok {
			return r, true
		}
	}
	return "", false
}

// checkMachines fetches each configured machine. The machine routes are optional
// (machine-lookup): when GET machines/{id} without a token answers 404 the route itself is
// missing, and the machines cannot be checked (a notice says so). Where the route exists, a
// 404 with a token that may read is an unknown machine: a setup error.
func (t *target) checkMachines(ctx context.Context, machines []string) error {
	if len(machines) == 0 {
		return nil
	}
	rel := func(id string) string { return "/machines/" + url.PathEscape(id) }
	ex, _, err := t.send(ctx, request{op: opOther, method: http.MethodGet, rel: rel(machines[0])})
	if err != nil {
		return nil
	}
	if ex.StatusCode == http.StatusNotFound {
		t.noticef("the target serves no GET machines/{id} (404 before authentication), so the machine ids could not be checked")
		return nil
	}
	var errs []error
	for _, m := range machines {
		status := 0
		for _, tok := range t.readerTokens() {
			ex, _, err := t.send(ctx, request{op: opGetMachine, method: http.MethodGet, rel: rel(m), auth: "Bearer " + tok})
			if err != nil {
				break
			}
			status = ex.StatusCode
			if status != http.StatusUnauthorized && status != http.StatusForbidden {
				break
			}
		}
		switch status {
		case http.StatusOK:
		case http.StatusNotFound:
			errs = append(errs, preflightError("machine %s is not known to the target (GET machines/%s answered 404): pass the id of a machine of this tenant with --machine-id", m, m))
		default:
			if status != 0 {
				t.noticef("machine %s could not be checked: GET machines/%s answered %d", m, m, status)
			}
		}
	}
	return errors.Join(errs...)
}

// noticef writes a notice line to the run's progress writer, if any.
func (t *target) noticef(format string, args ...any) {
	line := "isoconform: notice: " + t.red.String(fmt.Sprintf(format, args...))
	switch {
	case t.progress != nil:
		t.progress.Note(line)
	case t.notices != nil:
		fmt.Fprintln(t.notices, line)
	}
}

// StripBearer returns tokens with a leading "Bearer " (any case) removed from each value, and
// the roles whose value carried it: a common paste of a whole Authorization header.
func StripBearer(tokens map[string]string) (map[string]string, []string) {
	var stripped []string
	out := make(map[string]string, len(tokens))
	for role, v := range tokens {
		if len(v) > 7 && strings.EqualFold(v[:7], "bearer ") {
			v = strings.TrimSpace(v[7:])
			stripped = append(stripped, role)
		}
		out[role] = v
	}
	sort.Strings(stripped)
	if len(tokens) == 0 {
		return tokens, nil
	}
	return out, stripped
}

// BearerNotice is the notice for the roles StripBearer stripped.
func BearerNotice(roles []string) string {
	return fmt.Sprintf("the token for role %s began with \"Bearer \": the prefix was removed (pass the token alone; the suite adds the header)", strings.Join(roles, ", "))
}

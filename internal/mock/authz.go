package mock

import (
	"errors"
	"net/http"
	"strings"

	"github.com/isoconform/isoconform/internal/auth"
	"github.com/isoconform/isoconform/spec"
)

// authentication is a request's authentication: what the verifier found, then what the
// authenticate hooks of the active behaviours made of it.
type authentication struct {
	header   string        // the Authorization header; "" when absent
	token    string        // the bearer token, when the header holds one
	identity auth.Identity // the caller, when err is nil
	err      error         // why the caller is refused; nil when authenticated
	forbid   bool          // refuse with 403 Forbidden instead of 401
}

// accept authenticates the caller as id.
func (a *authentication) accept(id auth.Identity) { a.identity, a.err = id, nil }

// malformed reports whether a header was sent that is not a well-formed bearer token.
func (a *authentication) malformed() bool {
	return a.header != "" && (errors.Is(a.err, auth.ErrMissing) || errors.Is(a.err, auth.ErrMalformed))
}

// refusal returns the first of the verifier's refusals (signature, algorithm, expiry,
// audience, issuer) that err is, or nil.
func refusal(err error) error {
	for _, e := range []error{auth.ErrSignature, auth.ErrAlgorithm, auth.ErrExpired, auth.ErrAudience, auth.ErrIssuer} {
		if errors.Is(err, e) {
			return e
		}
	}
	return nil
}

// authenticate verifies the bearer token. It answers 401 (WWW-Authenticate: Bearer, with
// error="invalid_token" when a token was sent) and returns false when the caller is not
// authenticated.
func (x *exchange) authenticate() bool {
	a := authentication{header: x.r.Header.Get("Authorization")}
	if a.header == "" {
		a.err = auth.ErrMissing
	} else if a.token, a.err = auth.BearerToken(a.header); a.err == nil {
		a.identity, a.err = x.api.verifier.Verify(a.token)
	}
	for _, b := range x.active() {
		if b.authenticate != nil {
			b.authenticate(x, &a)
		}
	}
	switch {
	case a.err == nil:
		x.identity = a.identity
		return true
	case a.forbid:
		x.fail(apiError{http.StatusForbidden, codeForbidden, "The token was not issued for this resource."}, ruleAuthentication)
	case a.header == "":
		x.unauthorized(`Bearer`, "Authorization header is missing.")
	case a.malformed():
		x.unauthorized(`Bearer error="invalid_token", error_description="malformed token"`,
			"Authorization header is not a well-formed Bearer token.")
	default:
		x.unauthorized(`Bearer error="invalid_token", error_description="`+sentinel(a.err)+`"`,
			"Invalid Authorization token: "+sentinel(a.err)+".")
	}
	return false
}

// sentinel returns the text of the auth sentinel err wraps (never the token).
func sentinel(err error) string {
	for _, e := range []error{auth.ErrMissing, auth.ErrMalformed, auth.ErrExpired, auth.ErrNotYetValid,
		auth.ErrSignature, auth.ErrAudience, auth.ErrIssuer, auth.ErrTenant, auth.ErrAlgorithm} {
		if errors.Is(err, e) {
			return e.Error()
		}
	}
	return "invalid token"
}

// unauthorized answers 401 with the challenge.
func (x *exchange) unauthorized(challenge, message string) {
	x.w.Header().Set("WWW-Authenticate", challenge)
	x.fail(apiError{http.StatusUnauthorized, codeUnauthorized, message}, ruleAuthentication)
}

// anonymous is the caller a deviation lets in without a token.
func anonymous() auth.Identity {
	return auth.Identity{Kind: auth.KindUser, UPN: "anonymous", ObjectID: "anonymous"}
}

// isAnonymous reports whether id is the anonymous caller (no tenant, no application).
func isAnonymous(id auth.Identity) bool {
	return id.Kind == auth.KindUser && id.UPN == "anonymous" && id.ObjectID == "anonymous" && id.TenantID == "" && id.AppID == ""
}

// authorize checks the operation's x-isoconform-authorization: directory roles (wids) in
// preview-2017, permissions in roles (applications) or scp (delegated) in current. It answers
// 403 Forbidden and returns false when the caller may not call the operation.
func (x *exchange) authorize() bool {
	id, az, p := x.identity, x.op.authz, x.profile
	var ok bool
	var message string
	if p == spec.Preview2017 {
		ids := make([]string, 0, len(az.DirectoryRoles))
		names := make([]string, 0, len(az.DirectoryRoles))
		for _, r := range az.DirectoryRoles {
			ids = append(ids, r.TemplateID)
			names = append(names, r.Name)
		}
		ok = id.HasDirectoryRole(ids...)
		message = "The user does not have any of the required directory roles (" + strings.Join(names, ", ") + ") to access the resource."
	} else {
		var names []string
		if id.Kind == auth.KindApplication {
			names = az.Permissions.Application
			message = "The application does not have any of the required application permissions (" + strings.Join(names, ", ") + ") to access the resource."
		} else {
			names = az.Permissions.Delegated
			message = "The user does not have any of the required delegated permissions (" + strings.Join(names, ", ") + ") to access the resource."
		}
		ok = len(names) > 0 && id.HasPermission(names...)
	}
	refusedBy := "" // a behaviour that refused a caller the faithful rules let in
	for _, b := range x.active() {
		if b.authorize == nil {
			continue
		}
		was := ok
		if ok = b.authorize(x, ok); was && !ok {
			refusedBy = b.name
		}
	}
	switch {
	case !ok && refusedBy != "": // the server's choice, not the client's fault: a note
		x.failByDeviation(refusedBy, apiError{http.StatusForbidden, codeForbidden, message})
	case !ok:
		x.fail(apiError{http.StatusForbidden, codeForbidden, message}, ruleAuthorization)
	}
	return ok
}

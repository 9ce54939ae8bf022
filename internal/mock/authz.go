package mock

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/isoconform/isoconform/internal/auth"
	"github.com/isoconform/isoconform/spec"
)

// acceptedBy returns the deviation that lets a token failing verification with err through.
func acceptedBy(err error) string {
	switch {
	case errors.Is(err, auth.ErrSignature):
		return devBadSignatureAccepted
	case errors.Is(err, auth.ErrAlgorithm):
		return devAlgNoneAccepted
	case errors.Is(err, auth.ErrExpired):
		return devExpiredAccepted
	case errors.Is(err, auth.ErrAudience):
		return devWrongAudAccepted
	case errors.Is(err, auth.ErrIssuer):
		return devWrongIssuerAccepted
	}
	return ""
}

// authenticate verifies the bearer token. It answers 401 (WWW-Authenticate: Bearer, with
// error="invalid_token" when a token was sent) and returns false when the caller is not
// authenticated.
func (x *exchange) authenticate() bool {
	p := x.profile
	header := x.r.Header.Get("Authorization")
	if header == "" {
		if x.s.dev.on(devNoAuthAccepted, p) {
			x.identity, x.unchecked = anonymous(), true
			return true
		}
		x.unauthorized(`Bearer`, "Authorization header is missing.")
		return false
	}
	token, err := auth.BearerToken(header)
	if err == nil {
		x.identity, err = x.api.verifier.Verify(token)
		if err == nil {
			return true
		}
	}
	if errors.Is(err, auth.ErrMissing) || errors.Is(err, auth.ErrMalformed) {
		// A header is present: another scheme, an empty or a malformed token.
		if x.s.dev.on(devMalformedAccepted, p) {
			x.identity, x.unchecked = anonymous(), true
			return true
		}
		x.unauthorized(`Bearer error="invalid_token", error_description="malformed token"`,
			"Authorization header is not a well-formed Bearer token.")
		return false
	}
	if d := acceptedBy(err); d != "" && x.s.dev.on(d, p) {
		if id, ok := unverifiedIdentity(token); ok {
			x.identity = id
			return true
		}
	}
	if errors.Is(err, auth.ErrAudience) && x.s.vari.on(varWrongAudience403, p) {
		x.fail(apiError{http.StatusForbidden, codeForbidden, "The token was not issued for this resource."}, ruleAuthentication)
		return false
	}
	x.unauthorized(`Bearer error="invalid_token", error_description="`+sentinel(err)+`"`,
		"Invalid Authorization token: "+sentinel(err)+".")
	return false
}

// sentinel returns the text of the auth sentinel err wraps (never the token).
func sentinel(err error) string {
	for _, e := range []error{auth.ErrMissing, auth.ErrMalformed, auth.ErrExpired, auth.ErrNotYetValid,
		auth.ErrSignature, auth.ErrAudience, auth.ErrIssuer, auth.ErrAlgorithm} {
		if errors.Is(err, e) {
			return e.Error()
		}
	}
	return "invalid token"
}

// unauthorized answers 401, or 403 under the unauthorized-403 deviation.
func (x *exchange) unauthorized(challenge, message string) {
	if x.s.dev.on(devUnauthorized403, x.profile) {
		x.fail(apiError{http.StatusForbidden, codeForbidden, message}, ruleAuthentication)
		return
	}
	x.w.Header().Set("WWW-Authenticate", challenge)
	x.fail(apiError{http.StatusUnauthorized, codeUnauthorized, message}, ruleAuthentication)
}

// anonymous is the caller a deviation lets in without a token.
func anonymous() auth.Identity {
	return auth.Identity{Kind: auth.KindUser, UPN: "anonymous", ObjectID: "anonymous"}
}

// unverifiedClaims are the claims a deviation reads from a token it did not verify.
type unverifiedClaims struct {
	TenantID       string   `json:"tid"`
	ObjectID       string   `json:"oid"`
	AppID          string   `json:"appid"`
	AppDisplayName string   `json:"app_displayname"`
	UPN            string   `json:"upn"`
	UniqueName     string   `json:"unique_name"`
	Name           string   `json:"name"`
	Roles          []string `json:"roles"`
	Scope          string   `json:"scp"`
	WIDs           []string `json:"wids"`
}

// unverifiedIdentity reads a token's claims without checking anything, as a faulty server does.
func unverifiedIdentity(token string) (auth.Identity, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return auth.Identity{}, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return auth.Identity{}, false
	}
	var c unverifiedClaims
	if err := json.Unmarshal(raw, &c); err != nil {
		return auth.Identity{}, false
	}
	id := auth.Identity{
		TenantID: c.TenantID, ObjectID: c.ObjectID, AppID: c.AppID, AppDisplayName: c.AppDisplayName,
		UPN: c.UPN, Name: c.Name, Roles: c.Roles, Scopes: strings.Fields(c.Scope), DirectoryRoles: c.WIDs,
	}
	if id.UPN == "" {
		id.UPN = c.UniqueName
	}
	switch {
	case len(id.Scopes) > 0:
		id.Kind = auth.KindDelegated
	case id.UPN != "":
		id.Kind = auth.KindUser
	default:
		id.Kind = auth.KindApplication
	}
	return id, true
}

// authorize checks the operation's x-isoconform-authorization: directory roles (wids) in
// preview-2017, permissions in roles (applications) or scp (delegated) in current. It answers
// 403 Forbidden and returns false when the caller may not call the operation.
func (x *exchange) authorize() bool {
	if x.unchecked {
		return true
	}
	id, az, p := x.identity, x.op.authz, x.profile
	isolate := x.op.kind == opIsolate
	var ok bool
	var message, refusedBy string
	if p == spec.Preview2017 {
		ids := make([]string, 0, len(az.DirectoryRoles))
		names := make([]string, 0, len(az.DirectoryRoles))
		for _, r := range az.DirectoryRoles {
			ids = append(ids, r.TemplateID)
			names = append(names, r.Name)
		}
		ok = id.HasDirectoryRole(ids...)
		switch {
		case !isolate:
		case x.s.dev.on(devNoRoleAccepted, p):
			ok = true
		case ok && x.s.dev.on(devGlobalAdminRefused, p) && id.HasDirectoryRole(auth.RoleGlobalAdministrator) && !id.HasDirectoryRole(auth.RoleSecurityAdministrator):
			ok, refusedBy = false, devGlobalAdminRefused
		case ok && x.s.dev.on(devSecAdminRefused, p) && id.HasDirectoryRole(auth.RoleSecurityAdministrator) && !id.HasDirectoryRole(auth.RoleGlobalAdministrator):
			ok, refusedBy = false, devSecAdminRefused
		}
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
		switch {
		case !isolate:
		case x.s.dev.on(devNoPermAccepted, p):
			ok = true
		case ok && x.s.dev.on(devDelegatedRefused, p) && id.Kind == auth.KindDelegated:
			ok, refusedBy = false, devDelegatedRefused
		case ok && x.s.dev.on(devAppRefused, p) && id.Kind == auth.KindApplication:
			ok, refusedBy = false, devAppRefused
		}
	}
	switch {
	case !ok && refusedBy != "":
		x.failByDeviation(refusedBy, apiError{http.StatusForbidden, codeForbidden, message})
	case !ok:
		x.fail(apiError{http.StatusForbidden, codeForbidden, message}, ruleAuthorization)
	}
	return ok
}

package mock

import (
	"errors"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/routers"

	"github.com/isoconform/isoconform/internal/auth"
)

// httpAuthDeviations are the deviations of the method, path, authentication and
// authorization, in catalogue order.
func httpAuthDeviations() []*behaviour {
	both, previewOnly, currentOnly := profileSets()
	return []*behaviour{
		{name: "created-200", description: "A successful isolate is answered 200 OK instead of 201 Created (body unchanged).",
			breaks: []string{"ISO-HTTP-001", "ISO-HTTP-003", "ISO-ROLE-001", "ISO-ROLE-002", "ISO-ROLE-004", "ISO-ROLE-006", "ISO-TYPE-001",
				"ISO-TYPE-002", "ISO-TYPE-003", "ISO-TYPE-004", "ISO-EX-002"}, profiles: both,
			hooks: hooks{respond: func(x *exchange, r *answer) {
				if x.succeeded(r, opIsolate) && r.action != nil {
					r.status = http.StatusOK
				}
			}}},
		{name: "get-isolate-200", description: "GET on the isolate path is answered 200 with an empty JSON object instead of 405 (nothing is created).",
			breaks: []string{"ISO-HTTP-002"}, profiles: both,
			hooks: hooks{route: func(x *exchange) *answer {
				if errors.Is(x.routeErr, routers.ErrMethodNotAllowed) && x.r.Method == http.MethodGet && strings.HasSuffix(x.r.URL.Path, "/isolate") {
					return &answer{status: http.StatusOK, contentType: contentTypeJSON, body: object{}}
				}
				return nil
			}}},
		{name: "no-v1-prefix", description: "The versioned base path /api/v1.0 is not served: every request under it is answered 404.",
			breaks: []string{"ISO-HTTP-003"}, profiles: currentOnly,
			hooks: hooks{route: refuseV1Path}},
		{name: "no-auth-accepted", description: "A request without an Authorization header is served as an anonymous caller allowed everything.",
			breaks: []string{"ISO-AUTH-001"}, profiles: both,
			hooks: hooks{authenticate: func(x *exchange, a *authentication) {
				if a.header == "" {
					a.accept(anonymous())
				}
			}, authorize: allowAnonymous}},
		{name: "malformed-token-accepted", description: "An Authorization header that is not a well-formed Bearer JWT is served as an anonymous caller allowed everything.",
			breaks: []string{"ISO-AUTH-002"}, profiles: both,
			hooks: hooks{authenticate: func(x *exchange, a *authentication) {
				if a.malformed() {
					a.accept(anonymous())
				}
			}, authorize: allowAnonymous}},
		{name: "bad-signature-accepted", description: "A token whose signature does not verify (another key, unknown or missing kid) is accepted on its unverified claims.",
			breaks: []string{"ISO-AUTH-003"}, profiles: both, hooks: hooks{authenticate: acceptUnverified(auth.ErrSignature)}},
		{name: "alg-none-accepted", description: "An unsigned (alg none) or HS256 token is accepted on its unverified claims.",
			breaks: []string{"ISO-AUTH-003"}, profiles: both, hooks: hooks{authenticate: acceptUnverified(auth.ErrAlgorithm)}},
		{name: "expired-accepted", description: "An expired token is accepted.",
			breaks: []string{"ISO-AUTH-004"}, profiles: both, hooks: hooks{authenticate: acceptUnverified(auth.ErrExpired)}},
		{name: "wrong-audience-accepted", description: "A token issued for another audience is accepted.",
			breaks: []string{"ISO-AUTH-005"}, profiles: both, hooks: hooks{authenticate: acceptUnverified(auth.ErrAudience)}},
		{name: "wrong-issuer-accepted", description: "A token claiming another issuer (tenant) is accepted.",
			breaks: []string{"ISO-AUTH-003"}, profiles: both, hooks: hooks{authenticate: acceptUnverified(auth.ErrIssuer)}},
		{name: "unauthorized-403", description: "Every 401 is answered 403 with the code Forbidden instead.",
			breaks: []string{"ISO-AUTH-001", "ISO-AUTH-002", "ISO-AUTH-003", "ISO-AUTH-004"}, profiles: both,
			hooks: hooks{rewriteError: func(e *errorAnswer) {
				if e.status == http.StatusUnauthorized {
					e.status, e.code = http.StatusForbidden, codeForbidden
					e.header.Del("WWW-Authenticate")
				}
			}}},
		{name: "auth-code-wrong", description: "401 and 403 answers carry Graph's codes InvalidAuthenticationToken and Authorization_RequestDenied instead of Unauthorized and Forbidden.",
			breaks: []string{"ISO-AUTH-006"}, profiles: both,
			hooks: hooks{rewriteError: func(e *errorAnswer) {
				switch e.status {
				case http.StatusUnauthorized:
					e.code = "InvalidAuthenticationToken"
				case http.StatusForbidden:
					e.code = "Authorization_RequestDenied"
				}
			}}},
		{name: "no-role-accepted", description: "Directory roles are not checked: a user without Security Administrator or Global Administrator may call every operation.",
			breaks: []string{"ISO-ROLE-003"}, profiles: previewOnly, hooks: hooks{authorize: isolateAllowedIf(func(auth.Identity) bool { return true })}},
		{name: "global-admin-refused", description: "A Global Administrator without Security Administrator is refused 403.",
			breaks: []string{"ISO-ROLE-002"}, profiles: previewOnly, hooks: hooks{authorize: isolateRefusedIf(func(id auth.Identity) bool {
				return id.HasDirectoryRole(auth.RoleGlobalAdministrator) && !id.HasDirectoryRole(auth.RoleSecurityAdministrator)
			})}},
		{name: "secadmin-refused", description: "A Security Administrator without Global Administrator is refused 403 (scenarios that isolate with that principal fail too).",
			breaks: []string{"ISO-ROLE-001"}, profiles: previewOnly, hooks: hooks{authorize: isolateRefusedIf(func(id auth.Identity) bool {
				return id.HasDirectoryRole(auth.RoleSecurityAdministrator) && !id.HasDirectoryRole(auth.RoleGlobalAdministrator)
			})}},
		{name: "no-permission-accepted", description: "Permissions are not checked: a token without Machine.Isolate may isolate and release.",
			breaks: []string{"ISO-ROLE-005"}, profiles: currentOnly, hooks: hooks{authorize: isolateAllowedIf(func(auth.Identity) bool { return true })}},
		{name: "delegated-refused", description: "Delegated tokens (scp) are refused 403 on isolate.",
			breaks: []string{"ISO-ROLE-006"}, profiles: currentOnly, hooks: hooks{authorize: isolateRefusedIf(func(id auth.Identity) bool {
				return id.Kind == auth.KindDelegated
			})}},
		{name: "app-refused", description: "Application tokens (roles) are refused 403 on isolate (scenarios that isolate with an application fail too).",
			breaks: []string{"ISO-ROLE-004"}, profiles: currentOnly, hooks: hooks{authorize: isolateRefusedIf(func(id auth.Identity) bool {
				return id.Kind == auth.KindApplication
			})}},
	}
}

// refuseV1Path answers 404 under the versioned base path /api/v1.0.
func refuseV1Path(x *exchange) *answer {
	if x.base == v1Base {
		return &answer{fail: ptr(notFoundRoute()), rule: ruleRoute}
	}
	return nil
}

// acceptUnverified accepts a token refused for sentinel on its unverified claims.
func acceptUnverified(sentinel error) func(*exchange, *authentication) {
	return func(_ *exchange, a *authentication) {
		if refusal(a.err) == sentinel {
			if id, err := auth.UnverifiedIdentity(a.token); err == nil {
				a.accept(id)
			}
		}
	}
}

// allowAnonymous lets the anonymous caller of a deviation call every operation.
func allowAnonymous(x *exchange, allowed bool) bool { return allowed || isAnonymous(x.identity) }

// isolateAllowedIf allows an isolate by a caller for whom cond holds.
func isolateAllowedIf(cond func(auth.Identity) bool) func(*exchange, bool) bool {
	return func(x *exchange, allowed bool) bool {
		return allowed || x.op.kind == opIsolate && cond(x.identity)
	}
}

// isolateRefusedIf refuses an isolate by a caller for whom cond holds.
func isolateRefusedIf(cond func(auth.Identity) bool) func(*exchange, bool) bool {
	return func(x *exchange, allowed bool) bool {
		return allowed && !(x.op.kind == opIsolate && cond(x.identity))
	}
}

func ptr[T any](v T) *T { return &v }

package mock

import (
	"fmt"
	"slices"
	"strings"

	"github.com/isoconform/isoconform/spec"
)

// Deviation is a deliberate fault the mock can be told to commit: a test fault that breaks one
// rule of the contract, for proving that the conformance suite notices and for testing how
// clients cope with a bad server.
type Deviation struct {
	// Name is the stable identifier used in Options.Deviations and --deviate.
	Name string `json:"name"`
	// Description says what the faulty server does.
	Description string `json:"description"`
	// Requirements are the ids (spec/requirements.yaml) of the requirements the fault
	// violates, in the profiles it applies to.
	Requirements []string `json:"requirements"`
	// Profiles are the profiles where the fault shows.
	Profiles []spec.Profile `json:"profiles"`
}

// Deviation names.
const (
	devCreated200           = "created-200"
	devGetIsolate200        = "get-isolate-200"
	devNoV1Prefix           = "no-v1-prefix"
	devNoAuthAccepted       = "no-auth-accepted"
	devMalformedAccepted    = "malformed-token-accepted"
	devBadSignatureAccepted = "bad-signature-accepted"
	devAlgNoneAccepted      = "alg-none-accepted"
	devExpiredAccepted      = "expired-accepted"
	devWrongAudAccepted     = "wrong-audience-accepted"
	devWrongIssuerAccepted  = "wrong-issuer-accepted"
	devUnauthorized403      = "unauthorized-403"
	devAuthCodeWrong        = "auth-code-wrong"
	devNoRoleAccepted       = "no-role-accepted"
	devGlobalAdminRefused   = "global-admin-refused"
	devSecAdminRefused      = "secadmin-refused"
	devNoPermAccepted       = "no-permission-accepted"
	devDelegatedRefused     = "delegated-refused"
	devAppRefused           = "app-refused"
	devContentTypeIgnored   = "content-type-ignored"
	devHTMLContentType      = "html-content-type"
	devMissingComment       = "missing-comment-accepted"
	devCommentNumber        = "comment-number-accepted"
	devLowercaseComment     = "lowercase-comment-accepted"
	devMalformedJSON500     = "malformed-json-500"
	devWrongCommentEcho     = "wrong-comment-echo"
	devFullRefused          = "full-refused"
	devSelectiveRefused     = "selective-refused"
	devUnmanagedRefused     = "unmanaged-refused"
	devAbsentTypeRefused    = "absent-type-refused"
	devUnknownTypeAccepted  = "unknown-type-accepted"
	devLowercaseType        = "lowercase-type-accepted"
	devUnmanagedPreview     = "unmanaged-accepted-preview"
	devLowercaseTypeProp    = "lowercase-type-property-accepted"
	devIDNotGUID            = "id-not-guid"
	devTypeWrong            = "type-wrong"
	devMachineIDDiffers     = "machine-id-differs"
	devStatusFailed         = "status-failed"
	devDateNotDate          = "date-not-date"
	devUpdateBeforeCreation = "last-update-before-creation"
	devLastUpdateDrift      = "last-update-field-drift"
	devRequestorEmpty       = "requestor-empty"
	devODataContextWrong    = "odata-context-wrong"
	devScopeWrong           = "scope-wrong"
	devUnknownMachine201    = "unknown-machine-201"
	devUnknownMachine400    = "unknown-machine-400"
	devErrorShapeFlat       = "error-shape-flat"
	devErrorTargetMissing   = "error-target-missing"
	devHTMLErrorType        = "html-error-content-type"
	devHTMLErrorPage        = "html-error-page"
	devErrorCodeWrong       = "error-code-wrong"
	devDuplicateAccepted    = "duplicate-accepted"
	devNoRateLimit          = "no-rate-limit"
	devRateLimitNoRetry     = "rate-limit-no-retry-after"
	devUnisolate200         = "unisolate-200"
	devGetAction404         = "get-action-404"
	devGetUnknownAction200  = "get-unknown-action-200"
	devListMissingValue     = "list-missing-value"
	devMachineGet404        = "machine-get-404"
	devIDMissing            = "id-missing"
	devEmpty201Body         = "empty-201-body"
	devDeepJSONBare500      = "deep-json-bare-500"
	devMachinePagingIgnored = "machine-paging-ignored"
	devODataIgnored         = "odata-unsupported-ignored"
	devCancelIgnored        = "cancel-ignored"
	devCancelUnknown400     = "cancel-unknown-400"
	devCancelFinalAccepted  = "cancel-final-accepted"
)

// deepJSONLimit is how deeply nested a body may be before the deep-json-bare-500 deviation's
// careless decoder gives up.
const deepJSONLimit = 1000

// Catalogue returns every deviation the mock knows, in a stable order. Each breaks one rule;
// Requirements lists every requirement a conformance run sees fail because of it.
func Catalogue() []Deviation {
	both := []spec.Profile{spec.Preview2017, spec.Current}
	previewOnly := []spec.Profile{spec.Preview2017}
	currentOnly := []spec.Profile{spec.Current}
	// A fault in the error envelope itself also breaks the requirements whose checks read an
	// error answer's code or message.
	flatReqs := []string{"ISO-ERR-001", "ISO-AUTH-006", "ISO-ERR-003", "ISO-MACH-001", "ISO-DUP-001", "ISO-RATE-001"}
	htmlReqs := []string{"ISO-ERR-001", "ISO-ERR-002", "ISO-AUTH-006", "ISO-ERR-003", "ISO-MACH-001", "ISO-DUP-001", "ISO-RATE-001"}
	return []Deviation{
		{devCreated200, "A successful isolate is answered 200 OK instead of 201 Created (body unchanged).",
			[]string{"ISO-HTTP-001", "ISO-HTTP-003", "ISO-ROLE-001", "ISO-ROLE-002", "ISO-ROLE-004", "ISO-ROLE-006", "ISO-TYPE-001", "ISO-TYPE-002", "ISO-TYPE-003", "ISO-TYPE-004", "ISO-EX-002"}, both},
		{devGetIsolate200, "GET on the isolate path is answered 200 with an empty JSON object instead of 405 (nothing is created).",
			[]string{"ISO-HTTP-002"}, both},
		{devNoV1Prefix, "The versioned base path /api/v1.0 is not served: every request under it is answered 404.",
			[]string{"ISO-HTTP-003"}, currentOnly},
		{devNoAuthAccepted, "A request without an Authorization header is served as an anonymous caller allowed everything.",
			[]string{"ISO-AUTH-001"}, both},
		{devMalformedAccepted, "An Authorization header that is not a well-formed Bearer JWT is served as an anonymous caller allowed everything.",
			[]string{"ISO-AUTH-002"}, both},
		{devBadSignatureAccepted, "A token whose signature does not verify (another key, unknown or missing kid) is accepted on its unverified claims.",
			[]string{"ISO-AUTH-003"}, both},
		{devAlgNoneAccepted, "An unsigned (alg none) or HS256 token is accepted on its unverified claims.",
			[]string{"ISO-AUTH-003"}, both},
		{devExpiredAccepted, "An expired token is accepted.",
			[]string{"ISO-AUTH-004"}, both},
		{devWrongAudAccepted, "A token issued for another audience is accepted.",
			[]string{"ISO-AUTH-005"}, both},
		{devWrongIssuerAccepted, "A token claiming another issuer (tenant) is accepted.",
			[]string{"ISO-AUTH-003"}, both},
		{devUnauthorized403, "Every 401 is answered 403 with the code Forbidden instead.",
			[]string{"ISO-AUTH-001", "ISO-AUTH-002", "ISO-AUTH-003", "ISO-AUTH-004", "ISO-AUTH-006"}, both},
		{devAuthCodeWrong, "401 and 403 answers carry Graph's codes InvalidAuthenticationToken and Authorization_RequestDenied instead of Unauthorized and Forbidden.",
			[]string{"ISO-AUTH-006"}, both},
		{devNoRoleAccepted, "Directory roles are not checked: a user without Security Administrator or Global Administrator may call every operation.",
			[]string{"ISO-ROLE-003"}, previewOnly},
		{devGlobalAdminRefused, "A Global Administrator without Security Administrator is refused 403.",
			[]string{"ISO-ROLE-002"}, previewOnly},
		{devSecAdminRefused, "A Security Administrator without Global Administrator is refused 403 (scenarios that isolate with that principal fail too).",
			[]string{"ISO-ROLE-001"}, previewOnly},
		{devNoPermAccepted, "Permissions are not checked: a token without Machine.Isolate may isolate and release.",
			[]string{"ISO-ROLE-005"}, currentOnly},
		{devDelegatedRefused, "Delegated tokens (scp) are refused 403 on isolate.",
			[]string{"ISO-ROLE-006"}, currentOnly},
		{devAppRefused, "Application tokens (roles) are refused 403 on isolate (scenarios that isolate with an application fail too).",
			[]string{"ISO-ROLE-004"}, currentOnly},
		{devContentTypeIgnored, "The request Content-Type is not checked: a JSON body sent as text/plain (or without a type) is accepted.",
			[]string{"ISO-HDR-001"}, both},
		{devHTMLContentType, "A successful isolate's JSON body is labelled Content-Type text/html.",
			[]string{"ISO-HDR-002"}, both},
		{devMissingComment, "An isolate body without Comment is accepted (requestorComment empty).",
			[]string{"ISO-BODY-001"}, both},
		{devCommentNumber, "A Comment that is not a string (number, object, null) is accepted and echoed as its JSON text.",
			[]string{"ISO-BODY-002"}, both},
		{devLowercaseComment, "The Comment property name is matched case-insensitively (comment, COMMENT accepted).",
			[]string{"ISO-BODY-003"}, both},
		{devMalformedJSON500, "An isolate body that is not valid JSON is answered 500 InternalServerError.",
			[]string{"ISO-BODY-004", "ISO-EX-001"}, both},
		{devWrongCommentEcho, "requestorComment echoes the Comment with a trailing space (the 2017 example's defect).",
			[]string{"ISO-BODY-005"}, both},
		{devFullRefused, "IsolationType Full is refused 400 InvalidInput.",
			[]string{"ISO-TYPE-001", "ISO-EX-002"}, both},
		{devSelectiveRefused, "IsolationType Selective is refused 400 InvalidInput.",
			[]string{"ISO-TYPE-002"}, both},
		{devUnmanagedRefused, "IsolationType UnManagedDevice is refused 400 InvalidInput.",
			[]string{"ISO-TYPE-003"}, currentOnly},
		{devAbsentTypeRefused, "An isolate body without IsolationType is refused 400 MissingRequiredParameter.",
			[]string{"ISO-TYPE-004"}, both},
		{devUnknownTypeAccepted, "An IsolationType that matches no known value in any case (Partial, empty, a number) is accepted.",
			[]string{"ISO-TYPE-005"}, both},
		{devLowercaseType, "IsolationType values are matched case-insensitively (full, SELECTIVE accepted).",
			[]string{"ISO-TYPE-006"}, both},
		{devUnmanagedPreview, "The preview accepts IsolationType UnManagedDevice, a value added in 2025.",
			[]string{"ISO-TYPE-007"}, previewOnly},
		{devLowercaseTypeProp, "The IsolationType property name is matched case-insensitively (isolationType accepted).",
			[]string{"ISO-TYPE-008"}, both},
		{devIDNotGUID, "Isolate actions get a 40-hex id instead of a GUID (the 2017 draft's defect); GET by that id works.",
			[]string{"ISO-ACT-001"}, both},
		{devTypeWrong, "The isolate 201 body says type Unisolate.",
			[]string{"ISO-ACT-002", "ISO-EX-002"}, both},
		{devMachineIDDiffers, "The isolate 201 body names another machine in machineId (the 2017 example's defect).",
			[]string{"ISO-ACT-003"}, both},
		{devStatusFailed, "The isolate 201 body says status Failed.",
			[]string{"ISO-ACT-004"}, both},
		{devDateNotDate, "The isolate 201 body's creationDateTimeUtc is not an RFC 3339 date-time (12/04/2017 12:12:18).",
			[]string{"ISO-ACT-001", "ISO-ACT-005"}, both},
		{devUpdateBeforeCreation, "The isolate 201 body's last-update timestamp lies a minute before its creation.",
			[]string{"ISO-ACT-005"}, both},
		{devLastUpdateDrift, "The isolate 201 body names its last-update timestamp with the other profile's property name.",
			[]string{"ISO-ACT-001", "ISO-ACT-005", "ISO-ACT-009"}, both},
		{devRequestorEmpty, "The isolate 201 body's requestor is empty.",
			[]string{"ISO-ACT-001", "ISO-ACT-006"}, both},
		{devODataContextWrong, "The isolate 201 body's @odata.context names the collection ($metadata#MachineActions) instead of the entity.",
			[]string{"ISO-ACT-001", "ISO-ACT-007"}, both},
		{devScopeWrong, "The isolate 201 body's scope is always Full, whatever IsolationType was sent.",
			[]string{"ISO-ACT-008"}, currentOnly},
		{devUnknownMachine201, "Isolating a machine that does not exist creates an action (201).",
			[]string{"ISO-MACH-001"}, both},
		{devUnknownMachine400, "Isolating a machine that does not exist is answered 400 InvalidInput instead of 404 ResourceNotFound.",
			[]string{"ISO-MACH-001"}, both},
		{devErrorShapeFlat, `Every error body is {"code","message"} without the "error" wrapper and target.`,
			flatReqs, both},
		{devErrorTargetMissing, "Error envelopes lack the target (correlation id).",
			[]string{"ISO-ERR-001"}, both},
		{devHTMLErrorType, "Error envelopes are labelled Content-Type text/html (the JSON body is unchanged).",
			[]string{"ISO-ERR-002"}, both},
		{devHTMLErrorPage, "Every error is an HTML page (text/html) instead of the JSON envelope.",
			htmlReqs, both},
		{devErrorCodeWrong, "400 answers carry the undocumented code ValidationFailed.",
			[]string{"ISO-ERR-003"}, both},
		{devDuplicateAccepted, "A second isolate of a machine whose isolation is pending creates a second action (201, new id).",
			[]string{"ISO-DUP-001"}, both},
		{devNoRateLimit, "No rate limit: calls beyond 100 per minute are served.",
			[]string{"ISO-RATE-001"}, currentOnly},
		{devRateLimitNoRetry, "429 answers lack the Retry-After header.",
			[]string{"ISO-RATE-001"}, currentOnly},
		{devUnisolate200, "A successful unisolate is answered 200 OK instead of 201 Created.",
			[]string{"ISO-UNI-001"}, both},
		{devGetAction404, "GET machineactions/{id} answers 404 ResourceNotFound even for a known action (so nobody sees an action become final).",
			[]string{"ISO-GET-001", "ISO-CANCEL-003"}, both},
		{devGetUnknownAction200, "GET machineactions/{id} of an unknown id answers 200 with a made-up Succeeded action.",
			[]string{"ISO-GET-002"}, both},
		{devListMissingValue, `GET machineactions answers its items under "items" instead of "value".`,
			[]string{"ISO-LIST-001"}, both},
		{devMachineGet404, "GET machines/{id} answers 404 ResourceNotFound even for a known machine.",
			[]string{"ISO-MGET-001"}, both},
		{devIDMissing, "The isolate 201 body lacks its id (the action exists, but a client cannot follow it).",
			[]string{"ISO-ACT-001", "ISO-ACT-009", "ISO-GET-001", "ISO-LIST-001", "ISO-CANCEL-001", "ISO-CANCEL-003"}, both},
		{devEmpty201Body, "A successful isolate is answered 201 with an empty body and no Content-Type.",
			[]string{"ISO-HDR-002", "ISO-BODY-005", "ISO-ACT-001", "ISO-ACT-002", "ISO-ACT-003", "ISO-ACT-004", "ISO-ACT-005",
				"ISO-ACT-006", "ISO-ACT-007", "ISO-ACT-008", "ISO-ACT-009", "ISO-EX-002", "ISO-GET-001", "ISO-LIST-001",
				"ISO-CANCEL-001", "ISO-CANCEL-003"}, both},
		{devDeepJSONBare500, "A body nested more than 1,000 levels deep crashes the JSON decoder: a bare 500 text/plain page, not the InternalServerError envelope.",
			[]string{"ISO-ERR-004"}, both},
		{devMachinePagingIgnored, "GET machines ignores $top and $skip: every page is the whole list.",
			[]string{"ISO-MLIST-001"}, currentOnly},
		{devODataIgnored, "GET machines silently ignores a query option or $filter expression it does not support (200 with the whole list) instead of 400 ODataError.",
			[]string{"ISO-MLIST-002"}, currentOnly},
		{devCancelIgnored, "Cancelling a pending action answers 200 with the action unchanged: still pending, no cancellation recorded.",
			[]string{"ISO-CANCEL-001"}, currentOnly},
		{devCancelUnknown400, "Cancelling an unknown action id is answered 400 BadRequest instead of 404.",
			[]string{"ISO-CANCEL-002"}, currentOnly},
		{devCancelFinalAccepted, "Cancelling an action already in a final state answers 200 and turns it Cancelled.",
			[]string{"ISO-CANCEL-003"}, currentOnly},
	}
}

// forceCancel cancels a although it is final (the cancel-final-accepted deviation), indexed
// like any cancellation so that a list filtered on status Cancelled holds it.
func (s *store) forceCancel(a *action, c *cancellation) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a.cancelled.Store(c)
	if s.byID[a.id] == a {
		s.cancelled[a] = struct{}{}
	}
}

// withoutID drops the id property (the id-missing deviation).
func withoutID(o object) object {
	return slices.DeleteFunc(o, func(f field) bool { return f.key == "id" })
}

// nestedDeeperThan reports whether a JSON text opens more than limit arrays or objects at once.
func nestedDeeperThan(body []byte, limit int) bool {
	depth, inString, escaped := 0, false, false
	for _, c := range body {
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case inString:
		case c == '[' || c == '{':
			depth++
			if depth > limit {
				return true
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return false
}

// active is a set of deviations or variants a server commits, each with the profiles it
// shows in.
type active map[string][]spec.Profile

// parseDeviations checks names against the catalogue.
func parseDeviations(names []string) (active, error) {
	known := map[string][]spec.Profile{}
	for _, d := range Catalogue() {
		known[d.Name] = d.Profiles
	}
	return parseActive("deviation", names, known)
}

// parseActive checks names against known (name to profiles); kind names them in the error.
func parseActive(kind string, names []string, known map[string][]spec.Profile) (active, error) {
	set := active{}
	for _, n := range names {
		n = strings.TrimSpace(n)
		profiles, ok := known[n]
		if !ok {
			all := make([]string, 0, len(known))
			for k := range known {
				all = append(all, k)
			}
			slices.Sort(all)
			return nil, fmt.Errorf("mock: unknown %s %q (known: %s)", kind, n, strings.Join(all, ", "))
		}
		set[n] = profiles
	}
	return set, nil
}

// on reports whether the deviation or variant is committed in profile p.
func (d active) on(name string, p spec.Profile) bool { return slices.Contains(d[name], p) }

// names returns the committed names, sorted.
func (d active) names() []string {
	out := make([]string, 0, len(d))
	for n := range d {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

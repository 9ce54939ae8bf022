package mock

import (
	"github.com/isoconform/isoconform/spec"
)

// Variant is a legal alternative the mock can be told to take: where the documents are
// silent or only suggest, the faithful mock makes one reasonable choice and a variant makes
// another. A conformance suite must pass the mock under every variant; a variant that drops
// an optional feature (Feature) may only turn the feature's requirements into "not supported".
type Variant struct {
	// Name is the stable identifier used in Options.Variants and --variant.
	Name string `json:"name"`
	// Description says what the server does differently from the faithful mock.
	Description string `json:"description"`
	// Decision is the id (spec/requirements.yaml) of the requirement whose decision the
	// variant takes the other way.
	Decision string `json:"decision"`
	// Profiles are the profiles where the variant shows.
	Profiles []spec.Profile `json:"profiles"`
	// Feature names the optional feature (machine-lookup, action-list, cancel, rate-limit,
	// v1-path) the variant removes; empty when it removes none.
	Feature string `json:"feature,omitempty"`
}

// Variant names.
const (
	varContentType400      = "content-type-400"
	varFreshInProgress     = "fresh-status-inprogress"
	varErrorWithoutTarget  = "error-without-target"
	varNoMachineLookup     = "no-machine-lookup"
	varNoCancel            = "no-cancel"
	varNoActionList        = "no-action-list"
	varDuplicatePending    = "duplicate-returns-pending"
	varWrongAudience403    = "wrong-audience-403"
	varAbsentTypeSelective = "absent-type-selective"
	varNoRateLimit         = "no-rate-limit"
	varNoV1Path            = "no-v1-path"
)

// Optional features a variant can remove (the names the suite's --exempt-features takes).
const (
	featureMachineLookup = "machine-lookup"
	featureActionList    = "action-list"
	featureCancel        = "cancel"
	featureRateLimit     = "rate-limit"
	featureV1Path        = "v1-path"
)

// VariantCatalogue returns every variant the mock knows, in a stable order.
func VariantCatalogue() []Variant {
	both := []spec.Profile{spec.Preview2017, spec.Current}
	currentOnly := []spec.Profile{spec.Current}
	return []Variant{
		{varContentType400, "A body sent with a Content-Type other than application/json is refused 400 InvalidRequestBody instead of 415.",
			"ISO-HDR-001", both, ""},
		{varFreshInProgress, "A new action reports status InProgress, never Pending, until it completes.",
			"ISO-ACT-004", both, ""},
		{varErrorWithoutTarget, "Error envelopes carry code and message but no target.",
			"ISO-ERR-001", both, ""},
		{varNoMachineLookup, "No machine lookup: GET machines and GET machines/{id} are answered 404 (no such route).",
			"ISO-MGET-001", both, featureMachineLookup},
		{varNoCancel, "No cancel operation: POST machineactions/{id}/cancel is answered 404 (no such route).",
			"ISO-CANCEL-001", currentOnly, featureCancel},
		{varNoActionList, "No machine-action list: GET machineactions is answered 404 (no such route).",
			"ISO-LIST-001", both, featureActionList},
		{varDuplicatePending, "A repeat isolate of a machine whose isolation is pending is answered 201 with the pending action (same id) instead of 400.",
			"ISO-DUP-001", both, ""},
		{varWrongAudience403, "A validly signed token issued for another audience is refused 403 Forbidden instead of 401.",
			"ISO-AUTH-005", both, ""},
		{varAbsentTypeSelective, "A body without IsolationType performs Selective isolation (scope Selective) instead of Full.",
			"ISO-TYPE-004", both, ""},
		{varNoRateLimit, "No throttling: the server never answers 429.",
			"ISO-RATE-001", currentOnly, featureRateLimit},
		{varNoV1Path, "The versioned base path /api/v1.0 is not served (404); /api is.",
			"ISO-HTTP-003", currentOnly, featureV1Path},
	}
}

// parseVariants checks names against the variant catalogue.
func parseVariants(names []string) (active, error) {
	known := map[string][]spec.Profile{}
	for _, v := range VariantCatalogue() {
		known[v.Name] = v.Profiles
	}
	return parseActive("variant", names, known)
}

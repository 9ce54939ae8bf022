package mock

import (
	"net/http"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/isoconform/isoconform/internal/auth"
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
	decls := variantBehaviours()
	out := make([]Variant, 0, len(decls))
	for _, v := range decls {
		out = append(out, Variant{Name: v.name, Description: v.description, Decision: v.decision,
			Profiles: slices.Clone(v.profiles), Feature: v.feature})
	}
	return out
}

// variantBehaviours returns the declarations of every variant, in catalogue order.
func variantBehaviours() []*behaviour {
	both, _, currentOnly := profileSets()
	return []*behaviour{
		{name: "unknown-properties-ignored", description: "Body properties the operation does not define (such as a wrongly cased isolationType or comment) are ignored instead of refused 400.",
			decision: "ISO-TYPE-008", profiles: both,
			hooks: hooks{body: func(x *exchange, b *requestBody) *answer {
				declared := declaredProperties(x)
				if m, ok := b.object(); ok && declared != nil {
					for k := range m {
						if _, ok := declared[k]; !ok {
							b.remove(k)
						}
					}
				}
				return nil
			}}},
		{name: "content-type-400", description: "A body sent with a Content-Type other than application/json is refused 400 InvalidRequestBody instead of 415.",
			decision: "ISO-HDR-001", profiles: both,
			hooks: hooks{respond: func(_ *exchange, r *answer) {
				if r.fail != nil && r.fail.status == http.StatusUnsupportedMediaType {
					r.fail.status, r.fail.code = http.StatusBadRequest, codeInvalidRequestBody
				}
			}}},
		{name: "fresh-status-inprogress", description: "A new action reports status InProgress, never Pending, until it completes.",
			decision: "ISO-ACT-004", profiles: both,
			hooks: hooks{lifecycle: func(l *lifecycle) { l.fresh = statusInProgress }}},
		{name: "empty-comment-refused", description: `An empty Comment ("") is refused 400 InvalidInput.`,
			decision: "ISO-BODY-001", profiles: both,
			hooks: hooks{accept: func(_ *exchange, iso *isolation) *apiError {
				if iso.comment == "" {
					return &apiError{http.StatusBadRequest, codeInvalidInput, "Invalid input Comment: it must not be empty."}
				}
				return nil
			}}},
		{name: "no-machine-lookup", description: "No machine lookup: GET machines and GET machines/{id} are answered 404 (no such route).",
			decision: "ISO-MGET-001", profiles: both, feature: featureMachineLookup, hooks: hooks{route: unserved(opGetMachine, opListMachines)}},
		{name: "no-cancel", description: "No cancel operation: POST machineactions/{id}/cancel is answered 404 (no such route).",
			decision: "ISO-CANCEL-001", profiles: currentOnly, feature: featureCancel, hooks: hooks{route: unserved(opCancelAction)}},
		{name: "no-action-list", description: "No machine-action list: GET machineactions is answered 404 (no such route).",
			decision: "ISO-LIST-001", profiles: both, feature: featureActionList, hooks: hooks{route: unserved(opListActions)}},
		{name: "list-items-odata-context", description: "Every item of a collection (machine actions, machines) carries its own @odata.context ($entity), as well as the collection.",
			decision: "ISO-LIST-001", profiles: both,
			hooks: hooks{respond: func(x *exchange, r *answer) {
				entity := "/$metadata#MachineActions/$entity"
				switch {
				case x.succeeded(r, opListMachines):
					entity = "/$metadata#Machines/$entity"
				case !x.succeeded(r, opListActions):
					return
				}
				for i, f := range r.body {
					if items, ok := f.value.([]object); ok && f.key == "value" {
						with := make([]object, len(items))
						for j, it := range items {
							with[j] = append(object{{"@odata.context", x.origin() + entity}}, it...)
						}
						r.body[i].value = with
					}
				}
			}}},
		{name: "unknown-machine-after-body", description: "An unknown machine is found out after the body is validated: an invalid body for an unknown machine is answered 400, not 404.",
			decision: "ISO-MACH-001", profiles: both, hooks: hooks{machineLate: true}},
		{name: "extra-response-properties", description: "Every JSON object answered (actions, machines, collections and their items, error envelopes) carries an undocumented extra property.",
			decision: "ISO-ACT-009", profiles: both,
			hooks: hooks{respond: func(_ *exchange, r *answer) {
				if r.fail == nil && r.body != nil {
					r.body = withExtraProperty(r.body)
				}
			}, rewriteError: func(e *errorAnswer) { e.extra = append(e.extra, field{extraPropertyName, extraPropertyValue}) }}},
		{name: "duplicate-returns-pending", description: "A repeat isolate of a machine whose isolation is pending is answered 201 with the pending action (same id) instead of 400.",
			decision: "ISO-DUP-001", profiles: both,
			hooks: hooks{respond: func(x *exchange, r *answer) {
				if x.failedWith(r, opIsolate, http.StatusBadRequest) && r.fail.code == codeActiveRequestExists && r.action != nil {
					a := r.action
					*r = answer{status: http.StatusCreated, contentType: contentTypeJSON, action: a,
						body: x.s.renderAction(a, x.profile, x.origin(), x.s.now(), false)}
				}
			}}},
		{name: "wrong-audience-403", description: "A validly signed token issued for another audience is refused 403 Forbidden instead of 401.",
			decision: "ISO-AUTH-005", profiles: both,
			hooks: hooks{authenticate: func(_ *exchange, a *authentication) {
				if refusal(a.err) == auth.ErrAudience {
					a.forbid = true
				}
			}}},
		{name: "absent-type-selective", description: "A body without IsolationType performs Selective isolation (scope Selective) instead of Full.",
			decision: "ISO-TYPE-004", profiles: both,
			hooks: hooks{accept: func(_ *exchange, iso *isolation) *apiError {
				if iso.kind == typeIsolate && iso.isolationType == "" && iso.scope == nil {
					iso.scope = ptr("Selective")
				}
				return nil
			}}},
		{name: "no-rate-limit", description: "No throttling: the server never answers 429.",
			decision: "ISO-RATE-001", profiles: currentOnly, feature: featureRateLimit, hooks: hooks{unthrottled: true}},
		{name: "no-v1-path", description: "The versioned base path /api/v1.0 is not served (404); /api is.",
			decision: "ISO-HTTP-003", profiles: currentOnly, feature: featureV1Path, hooks: hooks{route: refuseV1Path}},
	}
}

// The extra property of the extra-response-properties variant.
const (
	extraPropertyName  = "serviceNote"
	extraPropertyValue = "an undocumented property"
)

// withExtraProperty adds the extra property to o and to each object of its value array.
func withExtraProperty(o object) object {
	for i, f := range o {
		if items, ok := f.value.([]object); ok && f.key == "value" {
			with := make([]object, len(items))
			for j, it := range items {
				with[j] = append(it, field{extraPropertyName, extraPropertyValue})
			}
			o[i].value = with
		}
	}
	return append(o, field{extraPropertyName, extraPropertyValue})
}

// declaredProperties returns the properties the operation's JSON request body defines, or nil.
func declaredProperties(x *exchange) map[string]*openapi3.SchemaRef {
	if x.route == nil || x.route.Operation.RequestBody == nil || x.route.Operation.RequestBody.Value == nil {
		return nil
	}
	mt := x.route.Operation.RequestBody.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return nil
	}
	return mt.Schema.Value.Properties
}

// unserved is a route hook that answers 404 (no such route) for the operations of kinds.
func unserved(kinds ...opKind) func(*exchange) *answer {
	return func(x *exchange) *answer {
		if x.routeErr == nil && slices.Contains(kinds, x.op.kind) {
			return &answer{fail: ptr(notFoundRoute()), rule: ruleRoute}
		}
		return nil
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

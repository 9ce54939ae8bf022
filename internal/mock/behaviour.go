package mock

import (
	"slices"

	"github.com/isoconform/isoconform/spec"
)

// behaviour is the whole of one deviation (a fault) or variant (a legal alternative): what it
// is, and the hooks it uses at the seams. Handlers produce the faithful answer; at each seam
// the server applies the hooks of the behaviours active in the request's profile, in catalogue
// order (deviations, then variants). No handler knows a behaviour by name.
type behaviour struct {
	name        string
	description string
	profiles    []spec.Profile
	breaks      []string // a deviation's: the requirements it breaks
	decision    string   // a variant's: the requirement whose decision it takes the other way
	feature     string   // a variant's: the optional feature it removes, if any
	hooks
}

// hooks are a behaviour's effects, one per seam; a nil hook (or false flag) is not used.
type hooks struct {
	// route answers a classified request before it is authenticated (x.routeErr holds the
	// router's refusal, if any); nil goes on.
	route func(x *exchange) *answer
	// authenticate may accept a caller the verifier refused, or refuse it otherwise.
	authenticate func(x *exchange, a *authentication)
	// authorize turns the authorization decision into another.
	authorize func(x *exchange, allowed bool) bool
	// unthrottled turns the rate limit off.
	unthrottled bool
	// machineLate finds out an unknown machine after the body is validated, not before.
	machineLate bool
	// body rewrites a request body before it is validated, or answers (non-nil).
	body func(x *exchange, b *requestBody) *answer
	// accept refuses a validated isolate request (non-nil) or changes what it performs.
	accept func(x *exchange, iso *isolation) *apiError
	// machine decides about a machine the path names that does not exist.
	machine func(x *exchange, m *machineLookup)
	// query changes the parsed query of GET machines before it is applied.
	query func(x *exchange, q *machineQuery)
	// lookup changes what GET machineactions/{id} finds.
	lookup func(x *exchange, id string, a *action, found bool) (*action, bool)
	// respond rewrites an answer, success or error, before it is written.
	respond func(x *exchange, r *answer)
	// rewriteError changes how an error answer is written.
	rewriteError func(e *errorAnswer)
	// lifecycle changes the profile's action lifecycle.
	lifecycle func(l *lifecycle)
}

// behaviours is what a server does beyond the faithful mock, per profile.
type behaviours struct {
	byProfile map[spec.Profile][]*behaviour
	anywhere  []*behaviour // active in some profile, for answers outside the API
}

// newBehaviours selects the declarations named in devs and vars, in catalogue order.
func newBehaviours(devs, vars active) behaviours {
	b := behaviours{byProfile: map[spec.Profile][]*behaviour{}}
	add := func(d *behaviour, set active) {
		if _, ok := set[d.name]; !ok {
			return
		}
		b.anywhere = append(b.anywhere, d)
		for _, p := range d.profiles {
			b.byProfile[p] = append(b.byProfile[p], d)
		}
	}
	for _, d := range deviationBehaviours() {
		add(d, devs)
	}
	for _, v := range variantBehaviours() {
		add(v, vars)
	}
	return b
}

// in returns the behaviours active in p; outside the API (p empty), those active anywhere.
func (b behaviours) in(p spec.Profile) []*behaviour {
	if p == "" {
		return b.anywhere
	}
	return b.byProfile[p]
}

// active returns the behaviours of the exchange's profile.
func (x *exchange) active() []*behaviour { return x.s.behaviours.in(x.profile) }

// anyHook reports whether a behaviour active in the exchange's profile has the flag.
func (x *exchange) anyHook(flag func(h *hooks) bool) bool {
	return slices.ContainsFunc(x.active(), func(b *behaviour) bool { return flag(&b.hooks) })
}

// profileSets returns the profile lists of declarations: both profiles, preview-2017 only,
// current only (fresh slices for each caller).
func profileSets() (both, previewOnly, currentOnly []spec.Profile) {
	return []spec.Profile{spec.Preview2017, spec.Current}, []spec.Profile{spec.Preview2017}, []spec.Profile{spec.Current}
}

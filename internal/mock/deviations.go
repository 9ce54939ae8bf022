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

// Catalogue returns every deviation the mock knows, in a stable order. Each breaks one rule;
// Requirements lists every requirement a conformance run sees fail because of it.
func Catalogue() []Deviation {
	decls := deviationBehaviours()
	out := make([]Deviation, 0, len(decls))
	for _, d := range decls {
		out = append(out, Deviation{Name: d.name, Description: d.description,
			Requirements: slices.Clone(d.breaks), Profiles: slices.Clone(d.profiles)})
	}
	return out
}

// deviationBehaviours returns the declarations of every deviation, in catalogue order.
func deviationBehaviours() []*behaviour {
	return slices.Concat(httpAuthDeviations(), bodyDeviations(), actionDeviations(), errorDeviations(), operationDeviations(), teethDeviations())
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

// names returns the committed names, sorted.
func (d active) names() []string {
	out := make([]string, 0, len(d))
	for n := range d {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

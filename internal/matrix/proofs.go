package matrix

import (
	"fmt"
	"slices"

	"github.com/isoconform/isoconform/spec"
	"github.com/isoconform/isoconform/internal/steps"
)

// RequirementProof says what proves one requirement in one profile: the scenarios that check it
// and the mock deviations that break it (and that a matrix run shows the suite catches).
type RequirementProof struct {
	ID    string
	Level spec.Level
	Text  string
	// Scenarios are "features/x.feature:LINE name", in feature order.
	Scenarios []string
	// Deviations are the catalogue's deviations that show in the profile and declare the
	// requirement, in catalogue order.
	Deviations []string
}

// Proofs returns, for every requirement of profile p in registry order, its scenarios and the
// deviations that declare it, from static data only (the registry, the feature files and the
// catalogue's declarations): nothing is sent and nothing is started. `isoconform run --list`
// prints it.
func Proofs(p spec.Profile) ([]RequirementProof, error) {
	if _, err := spec.ParseProfile(string(p)); err != nil {
		return nil, err
	}
	reg, err := spec.Requirements()
	if err != nil {
		return nil, err
	}
	list, err := steps.List(steps.Config{Profile: p})
	if err != nil {
		return nil, err
	}
	devs := Deviations(p)
	var out []RequirementProof
	for _, q := range reg.ForProfile(p) {
		rp := RequirementProof{ID: q.ID, Level: q.LevelFor(p), Text: q.Text}
		for _, s := range list {
			if slices.Contains(s.RequirementIDs, q.ID) {
				rp.Scenarios = append(rp.Scenarios, fmt.Sprintf("%s:%d %s", s.Feature, s.Line, s.Name))
			}
		}
		for _, d := range devs {
			if slices.Contains(declaredIn(d, p, reg), q.ID) {
				rp.Deviations = append(rp.Deviations, d.Name)
			}
		}
		out = append(out, rp)
	}
	return out, nil
}

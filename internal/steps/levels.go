package steps

import (
	"fmt"
	"strings"

	"github.com/isoconform/isoconform/internal/report"
	"github.com/isoconform/isoconform/spec"
)

// maxFilterTerms bounds the OR-terms a tag expression may grow to once its level tags are
// replaced by requirement tags (a product over the level tags of one term).
const maxFilterTerms = 4096

// levelTag reports whether the tag name (without '@') is a level. The feature files carry no
// level tags: a scenario's levels are its requirements' levels in the registry, per profile.
func levelTag(name string) (spec.Level, bool) {
	switch l := spec.Level(name); l {
	case spec.Core, spec.Extended, spec.Advisory, spec.Observed:
		return l, true
	}
	return "", false
}

// scenarioLevel is the strongest level among the requirements ids in profile p; "" when none
// is known.
func scenarioLevel(reg *spec.Registry, p spec.Profile, ids []string) report.Level {
	best, rank := spec.Level(""), 0
	for _, id := range ids {
		q, ok := reg.Lookup(id)
		if !ok {
			continue
		}
		if r := levelRank(q.LevelFor(p)); r > rank {
			best, rank = q.LevelFor(p), r
		}
	}
	return report.Level(best)
}

// levelRank orders levels by strength: core binds most, observed least.
func levelRank(l spec.Level) int {
	switch l {
	case spec.Core:
		return 4
	case spec.Extended:
		return 3
	case spec.Advisory:
		return 2
	case spec.Observed:
		return 1
	}
	return 0
}

// expandLevels rewrites a godog tag expression (',' OR between '&&' AND-terms, '~' NOT) so
// that a level tag (@core, @extended, @advisory, @observed) means "a requirement of this
// scenario has that level in profile p": @core becomes a choice among the @req: tags of core
// requirements, ~@core the absence of each of them. The result is what both the catalogue
// and godog filter with, so they select the same scenarios. A term that can match nothing
// (a level no requirement has) is dropped; an expression of only such terms yields "" and
// matches is false.
func expandLevels(filter string, p spec.Profile, reg *spec.Registry) (expanded string, matches bool, err error) {
	ids := map[spec.Level][]string{}
	for _, q := range reg.ForProfile(p) {
		l := q.LevelFor(p)
		ids[l] = append(ids[l], reqTagPrefix+q.ID)
	}
	var terms []string
	for _, or := range strings.Split(filter, ",") {
		var fixed []string
		var choices [][]string
		for _, and := range strings.Split(or, "&&") {
			atom := strings.TrimSpace(and)
			name := strings.TrimPrefix(strings.TrimPrefix(atom, "~"), "@")
			l, isLevel := levelTag(name)
			switch {
			case !isLevel:
				fixed = append(fixed, atom)
			case strings.HasPrefix(atom, "~"):
				for _, t := range ids[l] {
					fixed = append(fixed, "~"+t)
				}
			default:
				choices = append(choices, ids[l])
			}
		}
		expandedTerms := [][]string{fixed}
		for _, c := range choices {
			var next [][]string
			for _, head := range expandedTerms {
				for _, t := range c {
					next = append(next, append(append([]string(nil), head...), t))
				}
			}
			expandedTerms = next
			if len(terms)+len(expandedTerms) > maxFilterTerms {
				return "", false, fmt.Errorf("tag expression %q: its level tags expand to more than %d terms; narrow it", filter, maxFilterTerms)
			}
		}
		for _, t := range expandedTerms {
			terms = append(terms, strings.Join(t, " && "))
		}
	}
	if len(terms) == 0 {
		return "", false, nil
	}
	return strings.Join(terms, ","), true, nil
}

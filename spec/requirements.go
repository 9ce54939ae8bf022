package spec

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sort"

	"gopkg.in/yaml.v3"
)

// Level says how strongly a requirement binds a profile.
type Level string

// The requirement levels.
const (
	// Core requirements are stated by the profile's own document.
	Core Level = "core"
	// Extended requirements are stated by a later official document.
	Extended Level = "extended"
	// Advisory requirements are what the suite infers where the documents are silent or only
	// suggest: checked and reported as warnings with their reasoning, counted apart, and they
	// fail a run only in strict mode.
	Advisory Level = "advisory"
	// Observed requirements are reported behaviour: informational, they never fail a run.
	Observed Level = "observed"
)

// RequirementsSchema is the schema identifier requirements.yaml must declare.
const RequirementsSchema = "isoconform.requirements/v1"

// idPattern is the one pattern every requirement id follows.
var idPattern = regexp.MustCompile(`^ISO-[A-Z]+-[0-9]{3}$`)

// Source is a requirement's provenance: the document and section that state it, and the few
// key words of that section that locate the statement.
type Source struct {
	Document string `yaml:"document" json:"document"`
	Section  string `yaml:"section" json:"section"`
	Quote    string `yaml:"quote" json:"quote"`
}

// Requirement is one normative statement the suite checks.
type Requirement struct {
	ID       string            `yaml:"id" json:"id"`
	Area     string            `yaml:"area" json:"area"`
	Profiles []Profile         `yaml:"profiles" json:"profiles"`
	Level    Level             `yaml:"level,omitempty" json:"level,omitempty"`
	Levels   map[Profile]Level `yaml:"levels,omitempty" json:"levels,omitempty"`
	Source   Source            `yaml:"source" json:"source"`
	Text     string            `yaml:"text" json:"text"`
	// Feature is the optional feature the requirement belongs to; "" for the isolate
	// operation and what the suite needs for safety.
	Feature Feature  `yaml:"feature,omitempty" json:"feature,omitempty"`
	Covers  []string `yaml:"covers,omitempty" json:"covers,omitempty"`
	// Decision says what the project decided where the documents disagree or are silent,
	// and why (for an advisory requirement, why it is advisory).
	Decision string `yaml:"decision,omitempty" json:"decision,omitempty"`
	// Variants are the mock variants showing the suite tolerates the other reasonable
	// choice; Deviations the mock deviations showing the other choice is a fault it catches.
	Variants   []string `yaml:"variants,omitempty" json:"variants,omitempty"`
	Deviations []string `yaml:"deviations,omitempty" json:"deviations,omitempty"`
}

// AppliesTo reports whether the requirement holds in profile p.
func (r Requirement) AppliesTo(p Profile) bool { return slices.Contains(r.Profiles, p) }

// LevelFor returns the requirement's level in profile p.
func (r Requirement) LevelFor(p Profile) Level {
	if l, ok := r.Levels[p]; ok {
		return l
	}
	return r.Level
}

// Registry is the parsed requirement registry, in file order.
type Registry struct {
	Schema       string        `yaml:"schema"`
	Requirements []Requirement `yaml:"requirements"`
	byID         map[string]int
}

// Requirements parses and checks the embedded registry.
func Requirements() (*Registry, error) { return ParseRequirements(requirementsDocument) }

// ParseRequirements parses a registry and checks it: known schema, unique ids of one pattern,
// known profiles, levels and features, a source (document, section, quote) and text on every
// entry, and every decision naming a variant or a deviation that proves it.
func ParseRequirements(data []byte) (*Registry, error) {
	var reg Registry
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&reg); err != nil {
		return nil, fmt.Errorf("spec: parse requirements: %w", err)
	}
	if reg.Schema != RequirementsSchema {
		return nil, fmt.Errorf("spec: requirements schema %q, want %q", reg.Schema, RequirementsSchema)
	}
	reg.byID = make(map[string]int, len(reg.Requirements))
	for i, r := range reg.Requirements {
		if err := r.check(); err != nil {
			return nil, fmt.Errorf("spec: requirement %d (%s): %w", i+1, r.ID, err)
		}
		if _, dup := reg.byID[r.ID]; dup {
			return nil, fmt.Errorf("spec: requirement id %s is used twice", r.ID)
		}
		reg.byID[r.ID] = i
	}
	return &reg, nil
}

func (r Requirement) check() error {
	switch {
	case !idPattern.MatchString(r.ID):
		return fmt.Errorf("id does not match %s", idPattern)
	case r.Area == "":
		return fmt.Errorf("no area")
	case r.Text == "":
		return fmt.Errorf("no text")
	case r.Source.Document == "" || r.Source.Section == "" || r.Source.Quote == "":
		return fmt.Errorf("source needs a document, a section and a quote (the words that state the rule)")
	case r.Decision != "" && len(r.Variants)+len(r.Deviations) == 0:
		return fmt.Errorf("decision names neither a variant (the other choice tolerated) nor a deviation (the other choice caught)")
	case r.Decision == "" && len(r.Variants)+len(r.Deviations) > 0:
		return fmt.Errorf("variants or deviations without the decision they prove")
	case len(r.Profiles) == 0:
		return fmt.Errorf("no profiles")
	case (r.Level == "") == (len(r.Levels) == 0):
		return fmt.Errorf("give exactly one of level and levels")
	}
	for _, p := range r.Profiles {
		if _, err := ParseProfile(string(p)); err != nil {
			return err
		}
		if !validLevel(r.LevelFor(p)) {
			return fmt.Errorf("profile %s has no valid level (core, extended, advisory, observed)", p)
		}
	}
	if r.Feature != "" {
		if _, err := ParseFeature(string(r.Feature)); err != nil {
			return err
		}
	}
	for _, p := range r.Profiles {
		if r.LevelFor(p) == Advisory && r.Decision == "" {
			return fmt.Errorf("advisory in %s without a decision: the reasoning a warning shows", p)
		}
	}
	for p := range r.Levels {
		if !r.AppliesTo(p) {
			return fmt.Errorf("levels names profile %s the requirement does not apply to", p)
		}
	}
	return nil
}

func validLevel(l Level) bool { return l == Core || l == Extended || l == Advisory || l == Observed }

// Lookup returns the requirement with the given id.
func (reg *Registry) Lookup(id string) (Requirement, bool) {
	i, ok := reg.byID[id]
	if !ok {
		return Requirement{}, false
	}
	return reg.Requirements[i], true
}

// ForProfile returns the requirements that hold in profile p, in file order.
func (reg *Registry) ForProfile(p Profile) []Requirement {
	var out []Requirement
	for _, r := range reg.Requirements {
		if r.AppliesTo(p) {
			out = append(out, r)
		}
	}
	return out
}

// Areas returns the distinct areas, sorted.
func (reg *Registry) Areas() []string {
	seen := map[string]bool{}
	for _, r := range reg.Requirements {
		seen[r.Area] = true
	}
	out := make([]string, 0, len(seen))
	for a := range seen {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// Covered returns every OpenAPI item (status:, enum:, role:, permission:) some requirement covers.
func (reg *Registry) Covered() map[string][]string {
	out := map[string][]string{}
	for _, r := range reg.Requirements {
		for _, c := range r.Covers {
			out[c] = append(out[c], r.ID)
		}
	}
	return out
}

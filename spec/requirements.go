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

// Source names the document and section a requirement comes from.
type Source struct {
	Document string `yaml:"document" json:"document"`
	Section  string `yaml:"section" json:"section"`
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
	Covers   []string          `yaml:"covers,omitempty" json:"covers,omitempty"`
	Decision string            `yaml:"decision,omitempty" json:"decision,omitempty"`
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
// known profiles and levels, and a source and text on every entry.
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
	case r.Source.Document == "" || r.Source.Section == "":
		return fmt.Errorf("source needs a document and a section")
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

package steps

import (
	"bytes"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/isoconform/isoconform/features"
	"github.com/isoconform/isoconform/internal/report"
	"github.com/isoconform/isoconform/spec"
)

// ListedScenario is one scenario of the suite for one profile, as List returns it.
type ListedScenario struct {
	// Feature is the feature file, e.g. "features/body.feature"; Area its requirement area
	// (the registry's, e.g. "dup" for features/duplicate.feature).
	Feature string
	Area    string
	// Name is the scenario title (an outline's placeholders filled in); Line its line, the
	// Examples row for an outline.
	Name string
	Line int
	// Tags are all the scenario's tags, '@' included.
	Tags []string
	// RequirementIDs come from the @req: tags.
	RequirementIDs []string
	// Level is the strongest level of the scenario's requirements in the profile, from the
	// registry (the feature files carry no level tags).
	Level report.Level
	// OptionalFeature is the optional feature the scenario's requirements belong to; "" for
	// the isolate operation and what the suite needs for safety.
	OptionalFeature spec.Feature
	// Steps are the scenario's steps, each with the Go code that runs it (List fills them in;
	// a run needs no step code).
	Steps []ListedStep
}

// scenarioInfo is a ListedScenario with what the runner needs to match godog's pickles.
type scenarioInfo struct {
	ListedScenario
	key   string
	steps []*messages.PickleStep // the pickle's steps, for List to name their code
}

const reqTagPrefix = "@req:"

// catalogue parses every feature file and returns the scenarios that run for profile p and
// match the godog tag expression tags, and the expression (level tags expanded) that selects
// them in godog. Level tags in tags are answered from the registry.
func catalogue(p spec.Profile, tags string) ([]scenarioInfo, string, error) {
	reg, err := spec.Requirements()
	if err != nil {
		return nil, "", err
	}
	filter, matches, err := expandLevels(profileFilter(p, tags), p, reg)
	if err != nil || !matches {
		return nil, "", err
	}
	var out []scenarioInfo
	for _, name := range features.Names() {
		src, err := fs.ReadFile(features.FS(), name)
		if err != nil {
			return nil, "", err
		}
		n := 0
		newID := func() string { n++; return strconv.Itoa(n) }
		doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(src), newID)
		if err != nil {
			return nil, "", fmt.Errorf("features/%s: %w", name, err)
		}
		lines := astLines(doc)
		for _, pk := range gherkin.Pickles(*doc, name, newID) {
			var tagNames []string
			for _, t := range pk.Tags {
				tagNames = append(tagNames, t.Name)
			}
			if !matchTags(filter, tagNames) {
				continue
			}
			info := scenarioInfo{ListedScenario: ListedScenario{
				Feature: "features/" + name, Name: pk.Name, Tags: tagNames,
			}, key: pickleKey(name, pk), steps: pk.Steps}
			if len(pk.AstNodeIds) > 0 {
				info.Line = lines[pk.AstNodeIds[len(pk.AstNodeIds)-1]]
			}
			for _, t := range tagNames {
				if id, ok := strings.CutPrefix(t, reqTagPrefix); ok {
					info.RequirementIDs = append(info.RequirementIDs, id)
				}
			}
			info.Area = areaOf(reg, info.RequirementIDs, strings.TrimSuffix(name, ".feature"))
			info.Level = scenarioLevel(reg, p, info.RequirementIDs)
			info.OptionalFeature = scenarioFeature(reg, info.RequirementIDs)
			out = append(out, info)
		}
	}
	return out, filter, nil
}

// areaOf is the area of a scenario: its first requirement's, from the registry (a feature
// file holds one area, a test checks, but its name need not be the area's); the file's own
// name when the scenario names no known requirement.
func areaOf(reg *spec.Registry, ids []string, file string) string {
	if len(ids) > 0 {
		if q, ok := reg.Lookup(ids[0]); ok {
			return q.Area
		}
	}
	return file
}

// astLines maps the ids of scenarios and Examples rows to their lines.
func astLines(doc *messages.GherkinDocument) map[string]int {
	out := map[string]int{}
	add := func(sc *messages.Scenario) {
		if sc == nil {
			return
		}
		out[sc.Id] = int(sc.Location.Line)
		for _, ex := range sc.Examples {
			for _, row := range ex.TableBody {
				out[row.Id] = int(row.Location.Line)
			}
		}
	}
	if doc.Feature == nil {
		return out
	}
	for _, c := range doc.Feature.Children {
		add(c.Scenario)
		if c.Rule != nil {
			for _, rc := range c.Rule.Children {
				add(rc.Scenario)
			}
		}
	}
	return out
}

// pickleKey identifies a pickle independently of generated ids: its file, name, tags and steps.
func pickleKey(uri string, pk *messages.Pickle) string {
	var b strings.Builder
	b.WriteString(strings.TrimPrefix(uri, "features/"))
	b.WriteString("\x00" + pk.Name)
	for _, t := range pk.Tags {
		b.WriteString("\x00" + t.Name)
	}
	for _, s := range pk.Steps {
		b.WriteString("\x01" + s.Text)
	}
	return b.String()
}

// profileFilter combines the profile tag with a user's godog tag expression, keeping godog's
// precedence (',' is OR between AND-terms joined by '&&').
func profileFilter(p spec.Profile, tags string) string {
	profileTag := "@" + string(p)
	if strings.TrimSpace(tags) == "" {
		return profileTag
	}
	var terms []string
	for _, or := range strings.Split(tags, ",") {
		terms = append(terms, profileTag+" && "+strings.TrimSpace(or))
	}
	return strings.Join(terms, ",")
}

// checkTagExpression rejects an expression godog would choke on (an empty term).
func checkTagExpression(tags string) error {
	if strings.TrimSpace(tags) == "" {
		return nil
	}
	const syntax = "godog's tag syntax is '&&' (and), ',' (or) and '~' (not) between tags that start with @, without parentheses, e.g. \"@core && ~@rate\" or \"@req:ISO-BODY-001,@req:ISO-BODY-002\""
	if strings.ContainsAny(tags, "()!|") {
		return fmt.Errorf("tag expression %q: %s", tags, syntax)
	}
	for _, or := range strings.Split(tags, ",") {
		for _, and := range strings.Split(or, "&&") {
			t := strings.TrimSpace(and)
			t = strings.TrimPrefix(t, "~")
			switch {
			case strings.TrimPrefix(t, "@") == "":
				return fmt.Errorf("tag expression %q has an empty term: %s", tags, syntax)
			case strings.ContainsAny(t, " \t"):
				return fmt.Errorf("tag expression %q: %q is not one tag (write 'not', 'and', 'or' as '~', '&&', ','): %s", tags, t, syntax)
			case !strings.HasPrefix(t, "@"):
				hint := ""
				if strings.HasPrefix(t, "ISO-") {
					hint = fmt.Sprintf(" (a requirement: @req:%s)", t)
				}
				return fmt.Errorf("tag expression %q: %q is not a tag, tags start with @%s: %s", tags, t, hint, syntax)
			}
		}
	}
	return nil
}

// matchTags applies a godog tag expression (behat style: ',' OR, '&&' AND, '~' NOT) to tags,
// with godog's own semantics.
func matchTags(filter string, tags []string) bool {
	if filter == "" {
		return true
	}
	has := func(tag string) bool {
		for _, t := range tags {
			if strings.ReplaceAll(t, "@", "") == tag {
				return true
			}
		}
		return false
	}
	for _, or := range strings.Split(filter, ",") {
		ok := len(or) > 0
		for _, and := range strings.Split(or, "&&") {
			t := strings.ReplaceAll(strings.TrimSpace(and), "@", "")
			if neg, found := strings.CutPrefix(t, "~"); found {
				ok = ok && !has(neg)
			} else {
				ok = ok && has(t)
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// List returns the scenarios a run with cfg would execute, with their requirement ids, in
// feature order. It sends nothing and starts nothing.
func List(cfg Config) ([]ListedScenario, error) {
	cfg = cfg.withProfile()
	if err := checkTagExpression(cfg.Tags); err != nil {
		return nil, err
	}
	infos, _, err := catalogue(cfg.Profile, cfg.Tags)
	if err != nil {
		return nil, err
	}
	out := make([]ListedScenario, len(infos))
	for i, in := range infos {
		out[i] = in.ListedScenario
		out[i].Steps = listedSteps(in.steps)
	}
	return out, nil
}

// withProfile returns c with the default profile filled in.
func (c Config) withProfile() Config {
	if c.Profile == "" {
		c.Profile = spec.Preview2017
	}
	return c
}

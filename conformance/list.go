package conformance

import (
	"fmt"
	"slices"

	"github.com/isoconform/isoconform/internal/steps"
	"github.com/isoconform/isoconform/mock"
	"github.com/isoconform/isoconform/spec"
)

// Listing is what a run would execute and what proves each requirement, from static data only
// (the registry, the feature files and the mock's deviation catalogue): List sends nothing
// and starts nothing.
type Listing struct {
	// Profile is the listed profile.
	Profile string
	// Scenarios are the scenarios a run with the options would execute, in feature order.
	Scenarios []ListedScenario
	// Requirements are every requirement of the profile, in registry order, with the
	// scenarios that check it (whatever Options.Tags select) and the mock deviations that
	// break it, which the deviation matrix shows the suite catches, and the variants it must
	// pass.
	Requirements []ListedRequirement
}

// ListedScenario is one scenario of the suite.
type ListedScenario struct {
	// Feature is the feature file, e.g. "features/body.feature"; Line the scenario's line (an
	// outline's Examples row).
	Feature string
	Line    int
	// Area is the requirement area; Name the title, an outline's placeholders filled in.
	Area string
	Name string
	// Tags are all the scenario's tags, '@' included; RequirementIDs those of its @req: tags.
	Tags           []string
	RequirementIDs []string
	// Level is the scenario's level for the profile.
	Level Level
	// Steps are the scenario's steps, each with the Go code that runs it.
	Steps []ListedStep
}

// ListedStep is one step of a scenario and the Go function that runs it.
type ListedStep struct {
	// Keyword is Given, When or Then (an And step takes the keyword before it).
	Keyword string
	Text    string
	// Code is where the function is declared and its name, from the module root, e.g.
	// "internal/steps/steps_isolate.go:190 isolateWithBody"; "" when no single definition
	// matches the text (a run reports the step undefined or ambiguous).
	Code string
}

// ListedRequirement is one requirement of a profile and what proves it.
type ListedRequirement struct {
	ID    string
	Level Level
	Text  string
	// Source names the document and section that state it.
	Source string
	// Quote is the few words of that document that state it (or that its decision rests on).
	Quote string
	// Scenarios are "features/x.feature:LINE title".
	Scenarios []string
	// StepCode is the Go code those scenarios run, one function each, in the order the
	// scenarios first use it: "internal/steps/steps_answer.go:33 statusIs".
	StepCode []string
	// Deviations are the reference mock's deviations that break it, in catalogue order.
	Deviations []string
	// Variants are the mock's variants that take its decision the other way (the suite must
	// pass them), in catalogue order.
	Variants []string
}

// List returns the scenarios a run with opts would execute and, per requirement of the
// profile, its scenarios and deviations. Only Profile and Tags matter.
func List(opts Options) (*Listing, error) {
	cfg, err := opts.config()
	if err != nil {
		return nil, err
	}
	p := cfg.Profile
	if p == "" {
		p = spec.Preview2017
	}
	selected, err := steps.List(steps.Config{Profile: p, Tags: cfg.Tags})
	if err != nil {
		return nil, err
	}
	all, err := steps.List(steps.Config{Profile: p})
	if err != nil {
		return nil, err
	}
	reg, err := spec.Requirements()
	if err != nil {
		return nil, err
	}
	out := &Listing{Profile: string(p), Scenarios: make([]ListedScenario, len(selected))}
	for i, s := range selected {
		out.Scenarios[i] = ListedScenario{Feature: s.Feature, Line: s.Line, Area: s.Area, Name: s.Name,
			Tags: slices.Clone(s.Tags), RequirementIDs: slices.Clone(s.RequirementIDs), Level: Level(s.Level),
			Steps: listedSteps(s.Steps)}
	}
	catalogue, variants := mock.Catalogue(), mock.VariantCatalogue()
	for _, q := range reg.ForProfile(p) {
		lr := ListedRequirement{ID: q.ID, Level: Level(q.LevelFor(p)), Text: q.Text, Source: sourceOf(q.Source), Quote: q.Source.Quote}
		for _, s := range all {
			if slices.Contains(s.RequirementIDs, q.ID) {
				lr.Scenarios = append(lr.Scenarios, fmt.Sprintf("%s:%d %s", s.Feature, s.Line, s.Name))
				for _, st := range s.Steps {
					if code := st.Code.String(); st.Code.Func != "" && !slices.Contains(lr.StepCode, code) {
						lr.StepCode = append(lr.StepCode, code)
					}
				}
			}
		}
		for _, d := range catalogue {
			if slices.Contains(d.Profiles, string(p)) && slices.Contains(d.Requirements, q.ID) {
				lr.Deviations = append(lr.Deviations, d.Name)
			}
		}
		for _, v := range variants {
			if slices.Contains(v.Profiles, string(p)) && v.Decision == q.ID {
				lr.Variants = append(lr.Variants, v.Name)
			}
		}
		out.Requirements = append(out.Requirements, lr)
	}
	return out, nil
}

// sourceOf writes a requirement's source as "document § section".
func sourceOf(s spec.Source) string {
	if s.Section == "" {
		return s.Document
	}
	return s.Document + " § " + s.Section
}

// listedSteps copies a scenario's steps into the public form.
func listedSteps(in []steps.ListedStep) []ListedStep {
	out := make([]ListedStep, len(in))
	for i, st := range in {
		out[i] = ListedStep{Keyword: st.Keyword, Text: st.Text}
		if st.Code.Func != "" {
			out[i].Code = st.Code.String()
		}
	}
	return out
}

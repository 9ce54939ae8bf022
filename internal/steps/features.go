package steps

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/isoconform/isoconform/internal/httpx"
	"github.com/isoconform/isoconform/internal/report"
	"github.com/isoconform/isoconform/spec"
)

// scenarioFeature is the optional feature of the requirements ids ("" when none has one).
func scenarioFeature(reg *spec.Registry, ids []string) spec.Feature {
	for _, id := range ids {
		if q, ok := reg.Lookup(id); ok && q.Feature != "" {
			return q.Feature
		}
	}
	return ""
}

// featureSet is what a run knows of the target's optional features: declared supported or
// not (Config.SupportedFeatures, Config.ExemptFeatures), or inferred not supported from a
// 404, 405 or 501 to the feature's first probe. Safe for concurrent use.
type featureSet struct {
	mu       sync.Mutex
	declared map[spec.Feature]bool   // true: declared supported; false: declared not supported
	inferred map[spec.Feature]string // feature inferred not supported -> evidence
}

// newFeatureSet applies the configuration: supported lists every feature the target offers
// (the others are declared not supported); exempt lists features it does not offer. Neither:
// every feature is inferred.
func newFeatureSet(supportedNames, exemptNames []string) (*featureSet, error) {
	supported, err := parseFeatures(strings.Join(supportedNames, ","))
	if err != nil {
		return nil, fmt.Errorf("supported features: %w", err)
	}
	exempt, err := parseFeatures(strings.Join(exemptNames, ","))
	if err != nil {
		return nil, fmt.Errorf("exempt features: %w", err)
	}
	fs := &featureSet{declared: map[spec.Feature]bool{}, inferred: map[spec.Feature]string{}}
	for _, f := range supported {
		if slices.Contains(exempt, f) {
			return nil, fmt.Errorf("feature %s is both supported and exempt", f)
		}
	}
	if len(supported) > 0 {
		for _, f := range spec.Features() {
			fs.declared[f] = slices.Contains(supported, f)
		}
	}
	for _, f := range exempt {
		fs.declared[f] = false
	}
	return fs, nil
}

// declaredUnsupported reports whether f was declared not supported.
func (fs *featureSet) declaredUnsupported(f spec.Feature) bool {
	supported, ok := fs.declared[f]
	return ok && !supported
}

// infer records that feature f is not supported when the probe ex answered 404, 405 or 501
// and f was not declared supported; it returns the reason, or "" when f stays supported.
func (fs *featureSet) infer(f spec.Feature, ex *httpx.Exchange) string {
	if f == "" || ex == nil || !unsupportedStatus(ex.StatusCode) {
		return ""
	}
	path := ex.URL
	if u, err := url.Parse(ex.URL); err == nil {
		path = u.Path
	}
	return fs.inferBecause(f, fmt.Sprintf("%s %s answered %d", ex.Method, path, ex.StatusCode))
}

// inferBecause records that f is not supported for the given reason, unless f was declared
// supported; it returns the reason recorded, or "".
func (fs *featureSet) inferBecause(f spec.Feature, evidence string) string {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if supported, ok := fs.declared[f]; ok && supported {
		return ""
	}
	if _, ok := fs.inferred[f]; !ok {
		fs.inferred[f] = evidence
	}
	return "feature " + string(f) + " inferred not supported: " + fs.inferred[f]
}

// unsupportedStatus is an answer that says the route is not there: 404, 405 or 501.
func unsupportedStatus(code int) bool { return code == 404 || code == 405 || code == 501 }

// inferredReason is the reason a scenario of feature f is not supported, or "".
func (fs *featureSet) inferredReason(f spec.Feature) string {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if ev, ok := fs.inferred[f]; ok && f != "" {
		return "feature " + string(f) + " inferred not supported: " + ev
	}
	return ""
}

// verdicts lists every feature with what the run knows of it, for the report.
func (fs *featureSet) verdicts(used map[spec.Feature]bool) []report.Feature {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var out []report.Feature
	for _, f := range spec.Features() {
		v := report.Feature{Name: string(f)}
		switch ev, inferred := fs.inferred[f]; {
		case fs.declaredUnsupported(f):
			v.Status, v.Evidence = report.FeatureDeclaredUnsupported, "declared by --supported-features/--exempt-features"
		case inferred:
			v.Status, v.Evidence = report.FeatureInferredUnsupported, ev
		case used[f]:
			v.Status = report.FeatureChecked
		default:
			v.Status = report.FeatureNotRun
		}
		out = append(out, v)
	}
	return out
}

// parseFeatures reads a comma-separated feature list.
func parseFeatures(list string) ([]spec.Feature, error) {
	var out []spec.Feature
	for _, name := range strings.Split(list, ",") {
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		f, err := spec.ParseFeature(name)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// withoutFeatures adds to a godog tag expression the exclusion of every requirement of a
// feature declared not supported, so godog runs none of its scenarios.
func withoutFeatures(filter string, reg *spec.Registry, p spec.Profile, fs *featureSet) string {
	var not []string
	for _, q := range reg.ForProfile(p) {
		if q.Feature != "" && fs.declaredUnsupported(q.Feature) {
			not = append(not, "~"+reqTagPrefix+q.ID)
		}
	}
	if len(not) == 0 || filter == "" {
		return filter
	}
	terms := strings.Split(filter, ",")
	for i := range terms {
		terms[i] += " && " + strings.Join(not, " && ")
	}
	return strings.Join(terms, ",")
}

// notSupportedScenario is the record of a scenario of a feature declared not supported.
func notSupportedScenario(in scenarioInfo) report.Scenario {
	return report.Scenario{
		Name: in.Name, Feature: in.Feature, Line: in.Line, Area: in.Area,
		Tags: slices.Clone(in.Tags), RequirementIDs: slices.Clone(in.RequirementIDs), Level: in.Level,
		OptionalFeature: string(in.OptionalFeature), Status: report.StatusNotSupported,
		Reason: "feature " + string(in.OptionalFeature) + " declared not supported (--supported-features, --exempt-features): not run",
	}
}

// probe infers from the last answer that feature f is not supported (a 404, 405 or 501 to a
// request that only a missing route explains) and then ends the scenario as not supported.
func (s *scenario) probe(f spec.Feature) error {
	if why := s.t.features.infer(f, s.last); why != "" {
		return s.notSupported(why)
	}
	return nil
}

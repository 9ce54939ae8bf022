package spec

import (
	"fmt"
	"slices"
	"strings"
)

// Feature names an optional feature of a target: an operation beyond isolation (or a
// behaviour of the service) a conformant target may lack, as Gateway API's supported
// features. Requirements of a feature the target does not offer are not supported, never
// failed. Isolate, unisolate and GET machineactions/{id} are not optional: the suite needs
// them to release what it isolated.
type Feature string

// The optional features.
const (
	// FeatureMachineLookup is GET machines/{id} and the OData machine list.
	FeatureMachineLookup Feature = "machine-lookup"
	// FeatureActionList is GET machineactions (the machine-action list).
	FeatureActionList Feature = "action-list"
	// FeatureCancel is POST machineactions/{id}/cancel.
	FeatureCancel Feature = "cancel"
	// FeatureRateLimit is throttling past the documented call rate.
	FeatureRateLimit Feature = "rate-limit"
	// FeatureV1Path is the versioned base path /api/v1.0.
	FeatureV1Path Feature = "v1-path"
)

// Features returns every optional feature, in a stable order.
func Features() []Feature {
	return []Feature{FeatureMachineLookup, FeatureActionList, FeatureCancel, FeatureRateLimit, FeatureV1Path}
}

// ParseFeature returns the feature named s.
func ParseFeature(s string) (Feature, error) {
	f := Feature(strings.TrimSpace(s))
	if slices.Contains(Features(), f) {
		return f, nil
	}
	names := make([]string, 0, len(Features()))
	for _, k := range Features() {
		names = append(names, string(k))
	}
	return "", fmt.Errorf("unknown feature %q: use one of %s", s, strings.Join(names, ", "))
}

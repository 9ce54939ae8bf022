package mock

import (
	"slices"
	"strings"
)

// operationMatches reports whether a fault's operation id matches the id of the operation a
// request routes to: the same id, or the current id of the same operation when the request is
// a preview-2017 one (isolateMachine matches isolateMachinePreview).
func operationMatches(want, got string) bool {
	if want == got {
		return true
	}
	if got == "" || strings.HasSuffix(want, "Preview") {
		return false
	}
	return strings.TrimSuffix(got, "Preview") == want
}

// operationIDs returns every operation id a fault may name, sorted.
func (s *Server) operationIDs() []string {
	var out []string
	for _, a := range s.apis {
		for id := range a.ops {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

package spec

import "strings"

// ProfileOfPath returns the profile whose API a request path lies under (one of its
// BasePaths, or below it), and false for a path under none.
func ProfileOfPath(path string) (Profile, bool) {
	for _, p := range Profiles() {
		for _, b := range p.BasePaths() {
			if path == b || strings.HasPrefix(path, b+"/") {
				return p, true
			}
		}
	}
	return "", false
}

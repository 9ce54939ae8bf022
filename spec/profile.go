package spec

import "fmt"

// Profile names one contract profile: a base path, allowed values, an authorization model and
// an entity shape.
type Profile string

// The contract profiles.
const (
	// Preview2017 is the 2017 Graph preview described by the seed document (the default).
	Preview2017 Profile = "preview-2017"
	// Current is today's Defender for Endpoint API.
	Current Profile = "current"
)

// Profiles lists every profile, the default first.
func Profiles() []Profile { return []Profile{Preview2017, Current} }

// ParseProfile returns the profile with the given name, or an error naming the valid ones.
func ParseProfile(name string) (Profile, error) {
	for _, p := range Profiles() {
		if string(p) == name {
			return p, nil
		}
	}
	return "", fmt.Errorf("unknown profile %q: use %q or %q", name, Preview2017, Current)
}

// BasePaths returns the base paths the profile answers under; the first is canonical.
func (p Profile) BasePaths() []string {
	switch p {
	case Preview2017:
		return []string{"/testwdatppreview"}
	case Current:
		return []string{"/api", "/api/v1.0"}
	}
	return nil
}

// BasePath returns the profile's canonical base path.
func (p Profile) BasePath() string {
	if b := p.BasePaths(); len(b) > 0 {
		return b[0]
	}
	return ""
}

// IsolationTypes returns the IsolationType values the profile accepts.
func (p Profile) IsolationTypes() []string {
	if p == Current {
		return []string{"Full", "Selective", "UnManagedDevice"}
	}
	return []string{"Full", "Selective"}
}

// LastUpdateField returns the name of the MachineAction's last-update timestamp property.
func (p Profile) LastUpdateField() string {
	if p == Current {
		return "lastUpdateDateTimeUtc"
	}
	return "lastUpdateTimeUtc"
}

package auth

import "github.com/isoconform/isoconform/spec"

// Token audiences (the aud claim) the mock knows.
const (
	// AudienceGraph is the audience of the 2017 preview API (profile preview-2017).
	AudienceGraph = "https://graph.microsoft.com"
	// AudienceSecurityCenter is the App ID URI of the Defender for Endpoint API
	// (profile current).
	AudienceSecurityCenter = "https://api.securitycenter.microsoft.com"
	// AudienceSecurity is the App ID URI of the Microsoft 365 Defender API, also
	// accepted by the profile current.
	AudienceSecurity = "https://api.security.microsoft.com"
	// AudienceWindowsDefenderATP is the application id of the WindowsDefenderATP
	// resource, which a v1 token carries as aud when the app asks for the GUID.
	AudienceWindowsDefenderATP = "fc780465-2017-40d4-a0c5-307022471b92"
	// AudienceSecurityCenterWindows is the 2018 App ID URI of the API
	// (api.securitycenter.windows.com), which the documents' ADAL sample asks
	// for with a trailing slash.
	AudienceSecurityCenterWindows = "https://api.securitycenter.windows.com"
	// AudienceWindowsATPService is the resource of the scope the documents' curl
	// sample still uses: https://securitycenter.onmicrosoft.com/windowsatpservice/.default.
	AudienceWindowsATPService = "https://securitycenter.onmicrosoft.com/windowsatpservice"
	// AudienceAzureADGraph is the application id of the retired Azure AD Graph
	// API: what the v1 token endpoint issues for when no resource is sent. No
	// profile accepts it, so it serves as the wrong audience.
	AudienceAzureADGraph = "00000002-0000-0000-c000-000000000000"
)

// Audiences returns the audiences profile p accepts, the one its documents name first
// (Audience): for preview-2017 Microsoft Graph's; for current every resource the documents
// tell an application to ask for, each App ID URI also with the trailing slash a v1 token
// keeps when the request had one. This is the one list of them.
func Audiences(p spec.Profile) []string {
	if p != spec.Current {
		return []string{AudienceGraph}
	}
	out := []string{AudienceSecurityCenter, AudienceSecurityCenter + "/", AudienceWindowsDefenderATP}
	for _, u := range []string{AudienceSecurity, AudienceSecurityCenterWindows, AudienceWindowsATPService} {
		out = append(out, u, u+"/")
	}
	return out
}

// Audience returns the token audience (resource) profile p's documents name.
func Audience(p spec.Profile) string { return Audiences(p)[0] }

// knownResource reports whether the token endpoint issues tokens for resource
// (an App ID URI or application id; a trailing slash is ignored).
func knownResource(resource string) bool {
	switch trimSlash(resource) {
	case AudienceGraph, AudienceSecurityCenter, AudienceSecurity, AudienceSecurityCenterWindows,
		AudienceWindowsATPService, AudienceWindowsDefenderATP, AudienceAzureADGraph, "https://graph.windows.net":
		return true
	}
	return false
}

func trimSlash(s string) string {
	if len(s) > 0 && s[len(s)-1] == '/' {
		return s[:len(s)-1]
	}
	return s
}

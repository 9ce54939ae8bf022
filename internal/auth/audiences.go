package auth

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
	// AudienceAzureADGraph is the application id of the retired Azure AD Graph
	// API: what the v1 token endpoint issues for when no resource is sent. No
	// profile accepts it, so it serves as the wrong audience.
	AudienceAzureADGraph = "00000002-0000-0000-c000-000000000000"
)

// PreviewAudiences returns the audiences the preview-2017 profile accepts.
func PreviewAudiences() []string {
	return []string{AudienceGraph}
}

// CurrentAudiences returns the audiences the current profile accepts.
func CurrentAudiences() []string {
	return []string{AudienceSecurityCenter, AudienceSecurity, AudienceWindowsDefenderATP}
}

// knownResource reports whether the token endpoint issues tokens for resource
// (an App ID URI or application id; a trailing slash is ignored).
func knownResource(resource string) bool {
	switch trimSlash(resource) {
	case AudienceGraph, AudienceSecurityCenter, AudienceSecurity,
		AudienceWindowsDefenderATP, AudienceAzureADGraph, "https://graph.windows.net":
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

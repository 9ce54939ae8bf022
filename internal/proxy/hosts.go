package proxy

import (
	"net"
	"slices"
	"strings"
)

// loginHosts returns the Entra ID (Azure AD) hosts a client asks for tokens, keys and metadata:
// the public cloud's sign-in host, the v1 issuer host, the US Government sign-in host, and the
// older aliases ADAL-era clients still use as authority.
func loginHosts() []string {
	return []string{
		"login.microsoftonline.com",
		"login.microsoftonline.us",
		"login.windows.net",
		"login.microsoft.com",
		"sts.windows.net",
	}
}

// apiHosts returns the hosts the documents give for the API itself: the 2017 preview on Microsoft
// Graph, the 2018 host and its regional hosts, today's two hosts with the regional hosts of
// api.security.microsoft.com, the regional hosts of api.securitycenter.microsoft.com that
// integrations still configure, and the US Government hosts.
func apiHosts() []string {
	return []string{
		"graph.microsoft.com",
		"api.securitycenter.windows.com",
		"api-us.securitycenter.windows.com",
		"api-eu.securitycenter.windows.com",
		"api-uk.securitycenter.windows.com",
		"api.securitycenter.microsoft.com",
		"api-us.securitycenter.microsoft.com",
		"api-eu.securitycenter.microsoft.com",
		"api-uk.securitycenter.microsoft.com",
		"api.security.microsoft.com",
		"us.api.security.microsoft.com",
		"eu.api.security.microsoft.com",
		"uk.api.security.microsoft.com",
		"au.api.security.microsoft.com",
		"swa.api.security.microsoft.com",
		"ina.api.security.microsoft.com",
		"api-gcc.securitycenter.microsoft.us",
		"api-gov.securitycenter.microsoft.us",
	}
}

// MicrosoftHosts returns the host names the proxy answers for by default: the token service's
// hosts, then the API's, each in lower case. The slice is fresh.
func MicrosoftHosts() []string {
	return slices.Concat(loginHosts(), apiHosts())
}

// normalHost returns host in lower case without a trailing dot, the form Hosts compares.
func normalHost(host string) string {
	return strings.TrimSuffix(strings.ToLower(host), ".")
}

// splitTarget splits a proxy request's target (host or host:port) into a normal host and
// the port, which is def when the target names none.
func splitTarget(target, def string) (host, port string) {
	if h, p, err := net.SplitHostPort(target); err == nil {
		return normalHost(h), p
	}
	return normalHost(strings.TrimSuffix(strings.TrimPrefix(target, "["), "]")), def
}

package mock

import "github.com/isoconform/isoconform/internal/auth"

// ClientCredentials are what an application principal of the fixtures signs in with at the
// mock's token endpoints (client-credentials grant). They are made up and worthless elsewhere.
type ClientCredentials struct {
	// Role is the suite role key of the principal, e.g. machine-isolate.
	Role string `json:"role"`
	// ClientID is the application (client) id.
	ClientID string `json:"clientId"`
	// ClientSecret is its client secret.
	ClientSecret string `json:"clientSecret"`
}

// TenantID returns the fixture tenant's id, the {tenant} of the token endpoints' paths.
func (s *Server) TenantID() string { return s.principals.TenantID() }

// Applications returns the client credentials of every fixture application, by role key.
func (s *Server) Applications() []ClientCredentials {
	var out []ClientCredentials
	for _, k := range s.principals.Keys() {
		p, ok := s.principals.Get(k)
		if ok && p.Kind == auth.KindApplication {
			out = append(out, ClientCredentials{Role: k, ClientID: p.AppID, ClientSecret: p.ClientSecret})
		}
	}
	return out
}

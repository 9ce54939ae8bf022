package mock

import (
	"slices"
	"time"
)

// CACertPEM returns the PEM certificate of the CA that signs the server's TLS certificates
// when Options.Proxy or Options.TLS is set (nil otherwise): what a client must trust, e.g. in
// an http.Transport's RootCAs or a REQUESTS_CA_BUNDLE file.
func (s *Server) CACertPEM() []byte { return slices.Clone(s.running.CACertPEM) }

// ProxyHosts returns the host names the server answers for as the API and its token service
// when Options.Proxy or Options.TLS is set, nil otherwise.
func (s *Server) ProxyHosts() []string { return s.running.Server.ProxyHosts() }

// TenantID returns the fixture tenant's id, the {tenant} of the token endpoints' paths
// (/{tenant}/oauth2/token and /{tenant}/oauth2/v2.0/token).
func (s *Server) TenantID() string { return s.running.Server.TenantID() }

// ClientCredentials are what a fixture application signs in with at the token endpoints
// (client-credentials grant). They are made up and worthless anywhere else.
type ClientCredentials struct {
	// Role is the role the application plays in the suite, e.g. machine-isolate.
	Role         string `json:"role"`
	ClientID     string `json:"clientId"`
	ClientSecret string `json:"clientSecret"`
}

// Applications returns the client credentials of every fixture application.
func (s *Server) Applications() []ClientCredentials {
	in := s.running.Server.Applications()
	out := make([]ClientCredentials, len(in))
	for i, a := range in {
		out[i] = ClientCredentials{Role: a.Role, ClientID: a.ClientID, ClientSecret: a.ClientSecret}
	}
	return out
}

// Note is something the server refused or could not serve that is not the client's fault: a
// call to a documented endpoint it does not emulate (kind "not-emulated", answered 501), or an
// answer an active deviation or variant chose (kind "deviation").
type Note struct {
	Time    time.Time `json:"time"`
	Kind    string    `json:"kind"`
	Method  string    `json:"method"`
	Path    string    `json:"path"`
	Profile string    `json:"profile,omitempty"`
	Status  int       `json:"status"`
	Message string    `json:"message"`
}

// Notes returns the notes, oldest first.
func (s *Server) Notes() []Note {
	in := s.running.Server.Notes()
	out := make([]Note, len(in))
	for i, n := range in {
		out[i] = Note{Time: n.Time, Kind: n.Kind, Method: n.Method, Path: n.Path, Profile: string(n.Profile), Status: n.Status, Message: n.Message}
	}
	return out
}

package auth

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// maxFormBytes bounds a token request body.
const maxFormBytes = 64 << 10

// TokenEndpoint imitates the Entra ID endpoints a client-credentials client
// calls, for the issuer's tenant (by id, or by the principals' tenant domain):
//
//	POST /{tenant}/oauth2/token                            v1 token (numbers as JSON strings)
//	POST /{tenant}/oauth2/v2.0/token                       v2 token (numbers as JSON numbers)
//	GET  /{tenant}/discovery/keys                          v1 JWKS
//	GET  /{tenant}/discovery/v2.0/keys                     v2 JWKS
//	GET  /{tenant}/.well-known/openid-configuration        v1 metadata
//	GET  /{tenant}/v2.0/.well-known/openid-configuration   v2 metadata
//
// Only applications may use client credentials. Both token endpoints issue a
// v1-shaped token whose aud is the requested resource. It is safe for
// concurrent use.
type TokenEndpoint struct {
	issuer     *Issuer
	principals *Principals
	mux        *http.ServeMux
}

// NewTokenEndpoint returns the endpoints for iss, authenticating the
// applications in ps by their client secrets.
func NewTokenEndpoint(iss *Issuer, ps *Principals) *TokenEndpoint {
	e := &TokenEndpoint{issuer: iss, principals: ps, mux: http.NewServeMux()}
	e.mux.HandleFunc("POST /{tenant}/oauth2/token", func(w http.ResponseWriter, r *http.Request) { e.token(w, r, false) })
	e.mux.HandleFunc("POST /{tenant}/oauth2/v2.0/token", func(w http.ResponseWriter, r *http.Request) { e.token(w, r, true) })
	e.mux.HandleFunc("GET /{tenant}/discovery/keys", func(w http.ResponseWriter, r *http.Request) { e.keys(w, r, false) })
	e.mux.HandleFunc("GET /{tenant}/discovery/v2.0/keys", func(w http.ResponseWriter, r *http.Request) { e.keys(w, r, true) })
	e.mux.HandleFunc("GET /{tenant}/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) { e.metadata(w, r, false) })
	e.mux.HandleFunc("GET /{tenant}/v2.0/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) { e.metadata(w, r, true) })
	return e
}

// ServeHTTP routes to the token, keys and metadata endpoints.
func (e *TokenEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.mux.ServeHTTP(w, r)
}

// knownTenant reports whether t names the issuer's tenant.
func (e *TokenEndpoint) knownTenant(t string) bool {
	if strings.EqualFold(t, e.issuer.TenantID()) {
		return true
	}
	d := e.principals.TenantDomain()
	return d != "" && e.principals.TenantID() == e.issuer.TenantID() && strings.EqualFold(t, d)
}

// v1TokenResponse is the v1 success body: every number is a JSON string.
type v1TokenResponse struct {
	TokenType    string `json:"token_type"`
	ExpiresIn    string `json:"expires_in"`
	ExtExpiresIn string `json:"ext_expires_in"`
	ExpiresOn    string `json:"expires_on"`
	NotBefore    string `json:"not_before"`
	Resource     string `json:"resource"`
	AccessToken  string `json:"access_token"`
}

// v2TokenResponse is the v2 success body: numbers are JSON numbers.
type v2TokenResponse struct {
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	ExtExpiresIn int    `json:"ext_expires_in"`
	AccessToken  string `json:"access_token"`
}

// token serves a client-credentials token request.
func (e *TokenEndpoint) token(w http.ResponseWriter, r *http.Request, v2 bool) {
	w.Header().Set("Cache-Control", "no-store, no-cache")
	w.Header().Set("Pragma", "no-cache")
	now := e.issuer.now()
	reject := func(status int, errName string, code int, msg string) {
		writeAADError(w, r, now, status, errName, code, msg)
	}
	tenant := r.PathValue("tenant")
	if !e.knownTenant(tenant) {
		reject(http.StatusBadRequest, "invalid_request", 90002, "Tenant '"+echo(tenant)+"' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			reject(http.StatusRequestEntityTooLarge, "invalid_request", 900144, "The request body is larger than "+strconv.Itoa(maxFormBytes)+" bytes.")
			return
		}
		reject(http.StatusBadRequest, "invalid_request", 900144, "The request body could not be parsed as a form.")
		return
	}
	form := r.PostForm
	missing := func(name string) {
		reject(http.StatusBadRequest, "invalid_request", 900144, "The request body must contain the following parameter: '"+name+"'.")
	}
	grant := form.Get("grant_type")
	if grant == "" {
		missing("grant_type")
		return
	}
	if grant != "client_credentials" {
		reject(http.StatusBadRequest, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '"+echo(grant)+"'.")
		return
	}

	var resource string
	if v2 {
		if form.Has("resource") {
			reject(http.StatusBadRequest, "invalid_request", 901002, "The 'resource' request parameter isn't supported.")
			return
		}
		scopes := strings.Fields(form.Get("scope"))
		switch {
		case len(scopes) == 0:
			missing("scope")
			return
		case len(scopes) > 1:
			reject(http.StatusBadRequest, "invalid_scope", 70011, "The provided value for the input parameter 'scope' is not valid. The scope "+echo(form.Get("scope"))+" is not valid.")
			return
		case !strings.HasSuffix(scopes[0], "/.default"):
			reject(http.StatusBadRequest, "invalid_scope", 1002012, "The provided value for scope "+echo(scopes[0])+" is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).")
			return
		}
		resource = strings.TrimSuffix(scopes[0], "/.default")
	} else {
		resource = form.Get("resource")
		if resource == "" {
			resource = AudienceAzureADGraph // what Entra's v1 endpoint does without resource
		}
	}

	clientID, secret := clientCredentials(r, form)
	if clientID == "" {
		missing("client_id")
		return
	}
	app, ok := e.principals.application(clientID)
	if !ok {
		reject(http.StatusBadRequest, "unauthorized_client", 700016, "Application with identifier '"+echo(clientID)+"' was not found in the directory '"+echo(tenant)+"'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.")
		return
	}
	switch {
	case secret == "" && form.Get("client_assertion") != "":
		reject(http.StatusUnauthorized, "invalid_client", 700027, "Client assertion failed signature validation. (The isoconform mock accepts client secrets only.)")
		return
	case secret == "":
		reject(http.StatusUnauthorized, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")
		return
	case subtle.ConstantTimeCompare([]byte(secret), []byte(app.ClientSecret)) != 1:
		reject(http.StatusUnauthorized, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '"+app.AppID+"'.")
		return
	}
	if !knownResource(resource) {
		reject(http.StatusBadRequest, "invalid_resource", 500011, "The resource principal named "+echo(resource)+" was not found in the tenant named "+echo(tenant)+". This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.")
		return
	}

	tok, claims, err := e.issuer.issue(app, resource)
	if err != nil {
		reject(http.StatusInternalServerError, "server_error", 50000, "There was an error issuing a token.")
		return
	}
	if v2 {
		writeJSON(w, http.StatusOK, v2TokenResponse{TokenType: "Bearer", ExpiresIn: expiresIn, ExtExpiresIn: expiresIn, AccessToken: tok})
		return
	}
	writeJSON(w, http.StatusOK, v1TokenResponse{
		TokenType:    "Bearer",
		ExpiresIn:    strconv.Itoa(expiresIn),
		ExtExpiresIn: strconv.Itoa(expiresIn),
		ExpiresOn:    strconv.FormatInt(claims.ExpiresAt.Unix(), 10),
		NotBefore:    strconv.FormatInt(claims.NotBefore.Unix(), 10),
		Resource:     resource,
		AccessToken:  tok,
	})
}

// clientCredentials returns the client id and secret from HTTP Basic
// authentication (client_secret_basic, form-urlencoded per RFC 6749 §2.3.1)
// or else from the form (client_secret_post).
func clientCredentials(r *http.Request, form url.Values) (id, secret string) {
	if user, pass, ok := r.BasicAuth(); ok {
		if u, err := url.QueryUnescape(user); err == nil {
			user = u
		}
		if p, err := url.QueryUnescape(pass); err == nil {
			pass = p
		}
		return user, pass
	}
	return form.Get("client_id"), form.Get("client_secret")
}

package auth

import (
	"net/http"
	"strings"
)

// v2IssuerURL is the issuer of v2 tokens and of the v2 metadata document.
func v2IssuerURL(tenantID string) string {
	return "https://login.microsoftonline.com/" + tenantID + "/v2.0"
}

// setDiscoveryHeaders sets the caching and CORS headers Entra sends with its
// metadata and keys documents.
func setDiscoveryHeaders(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "max-age=86400, private")
	w.Header().Set("Access-Control-Allow-Origin", "*")
}

// keys serves the JWKS; the v2 document names the v2 issuer on each key.
func (e *TokenEndpoint) keys(w http.ResponseWriter, r *http.Request, v2 bool) {
	tenant := r.PathValue("tenant")
	if !e.knownTenant(tenant) {
		e.unknownTenant(w, r, tenant)
		return
	}
	set := e.issuer.JWKS()
	if v2 {
		for i := range set.Keys {
			set.Keys[i].Issuer = v2IssuerURL(e.issuer.TenantID())
		}
	}
	setDiscoveryHeaders(w)
	writeJSON(w, http.StatusOK, set)
}

// metadata serves the OpenID Connect discovery document. The endpoints point
// at this mock; only the token and keys endpoints are served. The v1 issuer
// value is inferred to equal the v1 token iss.
func (e *TokenEndpoint) metadata(w http.ResponseWriter, r *http.Request, v2 bool) {
	tenant := r.PathValue("tenant")
	if !e.knownTenant(tenant) {
		e.unknownTenant(w, r, tenant)
		return
	}
	base := baseURL(r) + "/" + e.issuer.TenantID()
	tid := e.issuer.TenantID()
	doc := map[string]any{
		"token_endpoint_auth_methods_supported": []string{"client_secret_post", "private_key_jwt", "client_secret_basic"},
		"response_modes_supported":              []string{"query", "fragment", "form_post"},
		"subject_types_supported":               []string{"pairwise"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"response_types_supported":              []string{"code", "id_token", "code id_token", "token id_token", "token"},
		"scopes_supported":                      []string{"openid", "profile", "email", "offline_access"},
		"request_uri_parameter_supported":       false,
		"http_logout_supported":                 true,
		"frontchannel_logout_supported":         true,
		"tenant_region_scope":                   nil,
		"cloud_instance_name":                   "microsoftonline.com",
		"cloud_graph_host_name":                 "graph.windows.net",
		"msgraph_host":                          "graph.microsoft.com",
	}
	if v2 {
		doc["issuer"] = v2IssuerURL(tid)
		doc["token_endpoint"] = base + "/oauth2/v2.0/token"
		doc["jwks_uri"] = base + "/discovery/v2.0/keys"
		doc["authorization_endpoint"] = base + "/oauth2/v2.0/authorize"
		doc["device_authorization_endpoint"] = base + "/oauth2/v2.0/devicecode"
		doc["end_session_endpoint"] = base + "/oauth2/v2.0/logout"
		doc["userinfo_endpoint"] = "https://graph.microsoft.com/oidc/userinfo"
	} else {
		doc["issuer"] = v1IssuerURL(tid)
		doc["token_endpoint"] = base + "/oauth2/token"
		doc["jwks_uri"] = base + "/discovery/keys"
		doc["authorization_endpoint"] = base + "/oauth2/authorize"
		doc["device_authorization_endpoint"] = base + "/oauth2/devicecode"
		doc["end_session_endpoint"] = base + "/oauth2/logout"
		doc["userinfo_endpoint"] = base + "/openid/userinfo"
	}
	setDiscoveryHeaders(w)
	writeJSON(w, http.StatusOK, doc)
}

func (e *TokenEndpoint) unknownTenant(w http.ResponseWriter, r *http.Request, tenant string) {
	writeAADError(w, r, e.issuer.now(), http.StatusBadRequest, "invalid_tenant", 90002,
		"Tenant '"+echo(tenant)+"' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.")
}

// baseURL is the scheme, host and any path prefix this handler is mounted
// under (as http.StripPrefix leaves it in RequestURI).
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	prefix := ""
	if u, err := r.URL.Parse(r.RequestURI); err == nil && strings.HasSuffix(u.Path, r.URL.Path) {
		prefix = strings.TrimSuffix(u.Path[:len(u.Path)-len(r.URL.Path)], "/")
	}
	return scheme + "://" + r.Host + prefix
}

package auth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"

	"github.com/isoconform/isoconform/fixtures"
)

// Suite role keys: the names of the fixture principals.
const (
	// PrincipalSecurityAdministrator is a user holding Security Administrator.
	PrincipalSecurityAdministrator = "security-administrator"
	// PrincipalGlobalAdministrator is a user holding Global Administrator.
	PrincipalGlobalAdministrator = "global-administrator"
	// PrincipalNoRole is a user holding only Security Reader.
	PrincipalNoRole = "no-role"
	// PrincipalMachineIsolate is an application with Machine.Isolate and Machine.Read.All.
	PrincipalMachineIsolate = "machine-isolate"
	// PrincipalMachineIsolateDelegated is a user whose delegated scp holds Machine.Isolate.
	PrincipalMachineIsolateDelegated = "machine-isolate-delegated"
	// PrincipalNoPermission is an application with Machine.Read.All only.
	PrincipalNoPermission = "no-permission"
	// PrincipalRateLimit is an application like machine-isolate, reserved for
	// the rate-limit check so that it does not starve the others.
	PrincipalRateLimit = "rate-limit"
)

// Kind says how a token's caller is authorized.
type Kind string

const (
	// KindUser is a signed-in user authorized by directory roles (wids).
	KindUser Kind = "user"
	// KindApplication is an application authorized by application permissions (roles).
	KindApplication Kind = "application"
	// KindDelegated is a signed-in user authorized by delegated permissions (scp).
	KindDelegated Kind = "delegated"
)

// Principal is a fixture identity the mock issues tokens for.
type Principal struct {
	// Key is the suite role key, e.g. "security-administrator".
	Key string `json:"-"`
	// Kind is user, application or delegated.
	Kind Kind `json:"kind"`
	// ObjectID is the user's or the service principal's object id (oid).
	ObjectID string `json:"objectId"`
	// AppID is the application's client id; for users and delegated
	// principals, the client application they signed in through (appid).
	AppID string `json:"appId"`
	// DisplayName is the user's name or the application's display name.
	DisplayName string `json:"displayName"`
	// UPN is the user principal name; empty for applications.
	UPN string `json:"upn,omitempty"`
	// ClientSecret is the application's (fake) client secret; empty for users.
	ClientSecret string `json:"clientSecret,omitempty"`
	// Roles are application permissions (roles claim).
	Roles []string `json:"roles,omitempty"`
	// Scopes are delegated permissions (scp claim, space-separated).
	Scopes []string `json:"scopes,omitempty"`
	// DirectoryRoles are directory role template ids (wids claim).
	DirectoryRoles []string `json:"wids,omitempty"`
}

// String names the principal without revealing its secret, so that printing
// a Principal with %v or %+v is safe.
func (p Principal) String() string {
	return fmt.Sprintf("principal %s (%s)", p.Key, p.Kind)
}

// GoString is like String, for %#v.
func (p Principal) GoString() string { return p.String() }

func (p Principal) clone() Principal {
	p.Roles = slices.Clone(p.Roles)
	p.Scopes = slices.Clone(p.Scopes)
	p.DirectoryRoles = slices.Clone(p.DirectoryRoles)
	return p
}

// Principals is an immutable set of fixture principals in one tenant.
type Principals struct {
	tenantID     string
	tenantDomain string
	byKey        map[string]Principal
}

type principalsFile struct {
	Description  string               `json:"description"`
	TenantID     string               `json:"tenantId"`
	TenantDomain string               `json:"tenantDomain"`
	Principals   map[string]Principal `json:"principals"`
}

var guidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func isGUID(s string) bool { return guidPattern.MatchString(s) }

// LoadPrincipals parses and validates a principals document (the format of
// fixtures/principals.json).
func LoadPrincipals(data []byte) (*Principals, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f principalsFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("principals: %w", err)
	}
	if !isGUID(f.TenantID) {
		return nil, fmt.Errorf("principals: tenantId %q is not a GUID", f.TenantID)
	}
	if len(f.Principals) == 0 {
		return nil, fmt.Errorf("principals: no principals")
	}
	ps := &Principals{tenantID: f.TenantID, tenantDomain: f.TenantDomain, byKey: make(map[string]Principal, len(f.Principals))}
	clientIDs := map[string]string{}
	for key, p := range f.Principals {
		p.Key = key
		if err := p.validate(); err != nil {
			return nil, fmt.Errorf("principals: %s: %w", key, err)
		}
		if p.Kind == KindApplication {
			if other, dup := clientIDs[p.AppID]; dup {
				return nil, fmt.Errorf("principals: %s and %s share appId %s", other, key, p.AppID)
			}
			clientIDs[p.AppID] = key
		}
		ps.byKey[key] = p
	}
	return ps, nil
}

func (p Principal) validate() error {
	if p.Key == "" {
		return fmt.Errorf("empty key")
	}
	if !isGUID(p.ObjectID) {
		return fmt.Errorf("objectId %q is not a GUID", p.ObjectID)
	}
	if !isGUID(p.AppID) {
		return fmt.Errorf("appId %q is not a GUID", p.AppID)
	}
	switch p.Kind {
	case KindApplication:
		if p.ClientSecret == "" {
			return fmt.Errorf("application without clientSecret")
		}
		if p.UPN != "" || len(p.Scopes) > 0 || len(p.DirectoryRoles) > 0 {
			return fmt.Errorf("application with user claims (upn, scopes or wids)")
		}
	case KindUser, KindDelegated:
		if p.UPN == "" {
			return fmt.Errorf("%s without upn", p.Kind)
		}
		if p.ClientSecret != "" || len(p.Roles) > 0 {
			return fmt.Errorf("%s with application claims (clientSecret or roles)", p.Kind)
		}
		if p.Kind == KindUser && len(p.Scopes) > 0 {
			return fmt.Errorf("user with scopes: make it delegated")
		}
		if p.Kind == KindDelegated && len(p.Scopes) == 0 {
			return fmt.Errorf("delegated without scopes")
		}
	default:
		return fmt.Errorf("unknown kind %q", p.Kind)
	}
	for _, w := range p.DirectoryRoles {
		if !isGUID(w) {
			return fmt.Errorf("wids entry %q is not a GUID", w)
		}
	}
	return nil
}

// FixturePrincipals loads the principals embedded in package fixtures.
func FixturePrincipals() (*Principals, error) {
	data, err := fixtures.Principals()
	if err != nil {
		return nil, fmt.Errorf("principals: %w", err)
	}
	return LoadPrincipals(data)
}

// TenantID returns the tenant's id (the tid claim).
func (ps *Principals) TenantID() string { return ps.tenantID }

// TenantDomain returns the tenant's domain name, which the token endpoints
// accept in place of the tenant id; it may be empty.
func (ps *Principals) TenantDomain() string { return ps.tenantDomain }

// Get returns the principal with the given suite role key.
func (ps *Principals) Get(key string) (Principal, bool) {
	p, ok := ps.byKey[key]
	if !ok {
		return Principal{}, false
	}
	return p.clone(), true
}

// Keys returns the suite role keys, sorted.
func (ps *Principals) Keys() []string {
	keys := make([]string, 0, len(ps.byKey))
	for k := range ps.byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// application returns the application whose client id is clientID.
func (ps *Principals) application(clientID string) (Principal, bool) {
	for _, p := range ps.byKey {
		if p.Kind == KindApplication && p.AppID == clientID {
			return p.clone(), true
		}
	}
	return Principal{}, false
}

package auth

import (
	"slices"
	"strings"
	"time"
)

// Identity is the verified caller of a request.
type Identity struct {
	// Kind is user, application or delegated: a token with scp is delegated,
	// one with upn or unique_name but no scp is a user, any other is an application.
	Kind Kind
	// TenantID is the tid claim.
	TenantID string
	// ObjectID is the oid claim: the user's or service principal's object id.
	ObjectID string
	// AppID is the appid claim: the application, or the client the user signed in through.
	AppID string
	// AppDisplayName is the app_displayname claim (applications).
	AppDisplayName string
	// UPN is the upn claim, or unique_name when upn is absent (users).
	UPN string
	// Name is the name claim (users).
	Name string
	// Audience is the aud value the verifier accepted.
	Audience string
	// Roles are the application permissions (roles claim).
	Roles []string
	// Scopes are the delegated permissions (scp claim, split on spaces).
	Scopes []string
	// DirectoryRoles are the directory role template ids (wids claim).
	DirectoryRoles []string
	// ExpiresAt is the exp claim, in UTC.
	ExpiresAt time.Time
}

// HasDirectoryRole reports whether the identity holds at least one of the
// directory roles named by their template ids (case-insensitive).
func (id Identity) HasDirectoryRole(templateIDs ...string) bool {
	for _, want := range templateIDs {
		for _, have := range id.DirectoryRoles {
			if strings.EqualFold(have, want) {
				return true
			}
		}
	}
	return false
}

// HasPermission reports whether the identity holds at least one of the named
// permissions: in roles for applications, in scp for users and delegated
// tokens. Names are compared exactly.
func (id Identity) HasPermission(names ...string) bool {
	held := id.Scopes
	if id.Kind == KindApplication {
		held = id.Roles
	}
	for _, want := range names {
		if slices.Contains(held, want) {
			return true
		}
	}
	return false
}

// Requestor returns who the MachineAction.requestor of this caller's actions
// is: the UPN (else name, else object id) for users, the application's display
// name (else its app id) for applications.
func (id Identity) Requestor() string {
	var candidates []string
	if id.Kind == KindApplication {
		candidates = []string{id.AppDisplayName, id.AppID, id.ObjectID}
	} else {
		candidates = []string{id.UPN, id.Name, id.ObjectID}
	}
	for _, c := range candidates {
		if c != "" {
			return c
		}
	}
	return ""
}

func (id Identity) clone() Identity {
	id.Roles = slices.Clone(id.Roles)
	id.Scopes = slices.Clone(id.Scopes)
	id.DirectoryRoles = slices.Clone(id.DirectoryRoles)
	return id
}

// identityFrom builds the Identity of verified claims accepted for audience.
func identityFrom(c *tokenClaims, audience string) Identity {
	id := Identity{
		TenantID:       c.TenantID,
		ObjectID:       c.ObjectID,
		AppID:          c.AppID,
		AppDisplayName: c.AppDisplayName,
		UPN:            c.UPN,
		Name:           c.Name,
		Audience:       audience,
		Roles:          slices.Clone(c.Roles),
		Scopes:         strings.Fields(c.Scope),
		DirectoryRoles: slices.Clone(c.WIDs),
	}
	if id.UPN == "" {
		id.UPN = c.UniqueName
	}
	if c.ExpiresAt != nil {
		id.ExpiresAt = c.ExpiresAt.UTC()
	}
	switch {
	case len(id.Scopes) > 0:
		id.Kind = KindDelegated
	case id.UPN != "":
		id.Kind = KindUser
	default:
		id.Kind = KindApplication
	}
	return id
}

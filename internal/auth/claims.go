package auth

import (
	"encoding/json"

	"github.com/golang-jwt/jwt/v5"
)

// tokenClaims is the payload of a v1 Entra ID access token, as far as the
// mock issues and reads it.
type tokenClaims struct {
	jwt.RegisteredClaims
	// Audience shadows RegisteredClaims.Audience, which would marshal a
	// single audience as an array; Entra writes a string.
	Audience       audienceClaim `json:"aud,omitempty"`
	TenantID       string        `json:"tid,omitempty"`
	ObjectID       string        `json:"oid,omitempty"`
	AppID          string        `json:"appid,omitempty"`
	AppIDACR       string        `json:"appidacr,omitempty"`
	AppDisplayName string        `json:"app_displayname,omitempty"`
	IdentityProv   string        `json:"idp,omitempty"`
	Roles          []string      `json:"roles,omitempty"`
	Scope          string        `json:"scp,omitempty"`
	WIDs           []string      `json:"wids,omitempty"`
	UPN            string        `json:"upn,omitempty"`
	UniqueName     string        `json:"unique_name,omitempty"`
	Name           string        `json:"name,omitempty"`
	Version        string        `json:"ver,omitempty"`
	UTI            string        `json:"uti,omitempty"`
}

// audienceClaim is aud: a string when single, as Entra writes it; on input
// a string or an array of strings.
type audienceClaim []string

// MarshalJSON writes one audience as a string, several as an array.
func (a audienceClaim) MarshalJSON() ([]byte, error) {
	if len(a) == 1 {
		return json.Marshal(a[0])
	}
	return json.Marshal([]string(a))
}

// UnmarshalJSON reads a string or an array of strings.
func (a *audienceClaim) UnmarshalJSON(data []byte) error {
	var cs jwt.ClaimStrings
	if err := cs.UnmarshalJSON(data); err != nil {
		return err
	}
	*a = audienceClaim(cs)
	return nil
}

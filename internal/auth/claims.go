package auth

import (
	"encoding/json"
	"fmt"

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

// UnmarshalJSON reads the claims by their exact names (encoding/json alone would let "ROLES"
// or "Roles" fill roles), refuses a name given twice, and requires exp, nbf and iat to be
// JSON numbers (a NumericDate would also take a string holding digits).
func (c *tokenClaims) UnmarshalJSON(data []byte) error {
	members, err := decodeObject(data)
	if err != nil {
		return err
	}
	return c.fromMembers(members)
}

// fromMembers fills c from a payload's members, by exact name.
func (c *tokenClaims) fromMembers(m map[string]json.RawMessage) error {
	*c = tokenClaims{}
	strs := map[string]*string{
		"iss": &c.Issuer, "sub": &c.Subject, "jti": &c.ID, "tid": &c.TenantID, "oid": &c.ObjectID,
		"appid": &c.AppID, "appidacr": &c.AppIDACR, "app_displayname": &c.AppDisplayName, "idp": &c.IdentityProv,
		"scp": &c.Scope, "upn": &c.UPN, "unique_name": &c.UniqueName, "name": &c.Name, "ver": &c.Version, "uti": &c.UTI,
	}
	for name, dst := range strs {
		if raw, ok := m[name]; ok {
			if err := json.Unmarshal(raw, dst); err != nil {
				return fmt.Errorf("claim %s is not a string", name)
			}
		}
	}
	for name, dst := range map[string]*[]string{"roles": &c.Roles, "wids": &c.WIDs} {
		if raw, ok := m[name]; ok {
			if err := json.Unmarshal(raw, dst); err != nil {
				return fmt.Errorf("claim %s is not an array of strings", name)
			}
		}
	}
	if raw, ok := m["aud"]; ok {
		if err := json.Unmarshal(raw, &c.Audience); err != nil {
			return fmt.Errorf("claim aud is not a string or an array of strings")
		}
	}
	for name, dst := range map[string]**jwt.NumericDate{"exp": &c.ExpiresAt, "nbf": &c.NotBefore, "iat": &c.IssuedAt} {
		raw, ok := m[name]
		if !ok {
			continue
		}
		if len(raw) == 0 || (raw[0] != '-' && (raw[0] < '0' || raw[0] > '9')) {
			return fmt.Errorf("claim %s is not a JSON number", name)
		}
		d := &jwt.NumericDate{}
		if err := d.UnmarshalJSON(raw); err != nil {
			return fmt.Errorf("claim %s is not a date", name)
		}
		*dst = d
	}
	return nil
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

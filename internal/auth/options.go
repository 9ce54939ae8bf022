package auth

import (
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// otherTenantID is the tenant that WrongIssuer tokens claim to come from.
const otherTenantID = "0e2f6a4c-9b1d-4c8e-a7f3-5d6b8c9e1a20"

// unknownKeyID is the kid that UnknownKID tokens name; no issuer has it.
const unknownKeyID = "bm8tc3VjaC1rZXktaXNvY29uZm9ybQ"

type signMode int

const (
	signRS256          signMode = iota // the issuer's key
	signForeign                        // another RSA key, under the issuer's kid
	signNone                           // alg "none", empty signature
	signHS256PublicKey                 // HMAC keyed with the issuer's public key (PEM)
)

// issueTemplate is the token an Issuer is about to sign; Options edit it.
type issueTemplate struct {
	claims  *tokenClaims
	header  map[string]any
	signing signMode
	now     time.Time // the issuer's clock at issue, whole seconds
}

// Option alters a token at issue.
type Option func(*issueTemplate)

// ValidBetween sets nbf (and iat) and exp.
func ValidBetween(notBefore, expires time.Time) Option {
	return func(t *issueTemplate) {
		t.claims.IssuedAt = jwt.NewNumericDate(notBefore)
		t.claims.NotBefore = jwt.NewNumericDate(notBefore)
		t.claims.ExpiresAt = jwt.NewNumericDate(expires)
	}
}

// Expired makes a token that expired an hour ago, far beyond the 300 s clock skew.
func Expired() Option {
	return func(t *issueTemplate) {
		ValidBetween(t.now.Add(-2*time.Hour), t.now.Add(-time.Hour))(t)
	}
}

// NotYetValid makes a token that becomes valid only in an hour.
func NotYetValid() Option {
	return func(t *issueTemplate) {
		ValidBetween(t.now.Add(time.Hour), t.now.Add(2*time.Hour))(t)
	}
}

// WrongAudience sets aud to the Azure AD Graph application id, which no
// profile accepts.
func WrongAudience() Option {
	return func(t *issueTemplate) {
		t.claims.Audience = audienceClaim{AudienceAzureADGraph}
	}
}

// WrongIssuer makes the token claim another tenant as issuer (iss and tid),
// still signed with the issuer's key.
func WrongIssuer() Option {
	return func(t *issueTemplate) {
		t.claims.Issuer = v1IssuerURL(otherTenantID)
		t.claims.TenantID = otherTenantID
		if t.claims.IdentityProv != "" {
			t.claims.IdentityProv = t.claims.Issuer
		}
	}
}

// ForeignKey signs with a different RSA key while naming the issuer's kid.
func ForeignKey() Option {
	return func(t *issueTemplate) { t.signing = signForeign }
}

// AlgNone makes an unsigned token: alg "none" and an empty signature.
func AlgNone() Option {
	return func(t *issueTemplate) {
		t.signing = signNone
		t.header["alg"] = "none"
	}
}

// HS256PublicKey signs with HMAC-SHA256 keyed with the issuer's public key
// (PKIX, PEM): the algorithm-confusion attack.
func HS256PublicKey() Option {
	return func(t *issueTemplate) {
		t.signing = signHS256PublicKey
		t.header["alg"] = "HS256"
	}
}

// MissingKID drops kid from the header (x5t stays).
func MissingKID() Option {
	return func(t *issueTemplate) { delete(t.header, "kid") }
}

// UnknownKID names a key id no issuer has (kid and x5t), still signing with
// the issuer's key.
func UnknownKID() Option {
	return func(t *issueTemplate) {
		t.header["kid"] = unknownKeyID
		t.header["x5t"] = unknownKeyID
	}
}

// WithoutRoles removes every authorization claim (roles, scp, wids): the token
// verifies, but its identity holds no role or permission.
func WithoutRoles() Option {
	return func(t *issueTemplate) {
		t.claims.Roles = nil
		t.claims.Scope = ""
		t.claims.WIDs = nil
	}
}

// Attack is a named broken token and the verification error it must cause.
type Attack struct {
	// Name is a stable identifier, e.g. "alg-none".
	Name string
	// Option turns a good token into the attack token.
	Option Option
	// Want is the error Verify must wrap; nil for WithoutRoles, which verifies
	// and must instead be refused by authorization.
	Want error
}

// Attacks returns every attack token the suite and the tests use.
func Attacks() []Attack {
	return []Attack{
		{Name: "expired", Option: Expired(), Want: ErrExpired},
		{Name: "not-yet-valid", Option: NotYetValid(), Want: ErrNotYetValid},
		{Name: "wrong-audience", Option: WrongAudience(), Want: ErrAudience},
		{Name: "wrong-issuer", Option: WrongIssuer(), Want: ErrIssuer},
		{Name: "foreign-key", Option: ForeignKey(), Want: ErrSignature},
		{Name: "alg-none", Option: AlgNone(), Want: ErrAlgorithm},
		{Name: "hs256-public-key", Option: HS256PublicKey(), Want: ErrAlgorithm},
		{Name: "missing-kid", Option: MissingKID(), Want: ErrSignature},
		{Name: "unknown-kid", Option: UnknownKID(), Want: ErrSignature},
		{Name: "roles-removed", Option: WithoutRoles(), Want: nil},
	}
}

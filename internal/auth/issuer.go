package auth

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Token timing, imitating Entra ID: iat and nbf are backdated by five minutes,
// the token lives an hour, and the token endpoint reports 3599 s.
const (
	backdate      = 300 * time.Second
	tokenLifetime = 3600 * time.Second
	expiresIn     = 3599
)

// Issuer mints RS256 access tokens shaped like Entra ID v1 tokens for one
// tenant. It is safe for concurrent use.
type Issuer struct {
	tenantID string
	key      *rsa.PrivateKey
	kid      string
	now      func() time.Time

	foreignOnce sync.Once
	foreignKey  *rsa.PrivateKey
	foreignErr  error
}

// NewIssuer generates a fresh RSA-2048 signing key for tenant tenantID. now is
// the clock (nil means time.Now).
func NewIssuer(tenantID string, now func() time.Time) (*Issuer, error) {
	if !isGUID(tenantID) {
		return nil, fmt.Errorf("issuer: tenant id %q is not a GUID", tenantID)
	}
	if now == nil {
		now = time.Now
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("issuer: generate key: %w", err)
	}
	kid, err := keyID(&key.PublicKey)
	if err != nil {
		return nil, err
	}
	return &Issuer{tenantID: tenantID, key: key, kid: kid, now: now}, nil
}

// keyID returns base64url(SHA-1(DER of the public key)), used as kid and x5t.
func keyID(pub *rsa.PublicKey) (string, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("issuer: marshal public key: %w", err)
	}
	sum := sha1.Sum(der)
	return base64.RawURLEncoding.EncodeToString(sum[:]), nil
}

// TenantID returns the tenant the issuer signs for (the tid claim).
func (i *Issuer) TenantID() string { return i.tenantID }

// IssuerURL returns the iss claim of the issuer's tokens:
// https://sts.windows.net/{tid}/.
func (i *Issuer) IssuerURL() string { return v1IssuerURL(i.tenantID) }

func v1IssuerURL(tenantID string) string { return "https://sts.windows.net/" + tenantID + "/" }

// KeyID returns the kid (and x5t) of the signing key.
func (i *Issuer) KeyID() string { return i.kid }

// PublicKeys returns the verification keys by kid: a fresh map holding the
// issuer's one key.
func (i *Issuer) PublicKeys() map[string]*rsa.PublicKey {
	return map[string]*rsa.PublicKey{i.kid: &i.key.PublicKey}
}

// Verifier returns a Verifier for this issuer's tokens that accepts the given
// audiences, sharing the issuer's clock.
func (i *Issuer) Verifier(audiences ...string) (*Verifier, error) {
	return NewVerifier(VerifierConfig{
		Issuer:    i.IssuerURL(),
		TenantID:  i.tenantID,
		Audiences: audiences,
		Keys:      i.PublicKeys(),
		Now:       i.now,
	})
}

// Issue mints an access token for p with the given aud. Options alter the
// token, mostly to produce the broken tokens the suite attacks with.
func (i *Issuer) Issue(p Principal, audience string, opts ...Option) (string, error) {
	tok, _, err := i.issue(p, audience, opts...)
	return tok, err
}

// issue is Issue that also returns the claims it signed.
func (i *Issuer) issue(p Principal, audience string, opts ...Option) (string, *tokenClaims, error) {
	if err := p.validateForIssue(); err != nil {
		return "", nil, err
	}
	t := issueTemplate{
		claims:  i.baseClaims(p, audience),
		header:  map[string]any{"typ": "JWT", "alg": "RS256", "kid": i.kid, "x5t": i.kid},
		signing: signRS256,
		now:     i.now().Truncate(time.Second),
	}
	for _, opt := range opts {
		if opt != nil {
			opt(&t)
		}
	}
	tok, err := i.sign(&t)
	if err != nil {
		return "", nil, err
	}
	return tok, t.claims, nil
}

func (p Principal) validateForIssue() error {
	switch p.Kind {
	case KindApplication, KindUser, KindDelegated:
		return nil
	}
	return fmt.Errorf("issue: %s has unknown kind %q", p.Key, p.Kind)
}

func (i *Issuer) baseClaims(p Principal, audience string) *tokenClaims {
	now := i.now().Truncate(time.Second)
	iss := i.IssuerURL()
	c := &tokenClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    iss,
			IssuedAt:  jwt.NewNumericDate(now.Add(-backdate)),
			NotBefore: jwt.NewNumericDate(now.Add(-backdate)),
			ExpiresAt: jwt.NewNumericDate(now.Add(tokenLifetime)),
		},
		Audience: audienceClaim{audience},
		TenantID: i.tenantID,
		ObjectID: p.ObjectID,
		AppID:    p.AppID,
		Version:  "1.0",
		UTI:      newUTI(),
	}
	if p.Kind == KindApplication {
		c.Subject = p.ObjectID
		c.AppIDACR = "1"
		c.AppDisplayName = p.DisplayName
		c.IdentityProv = iss
		c.Roles = append([]string(nil), p.Roles...)
		return c
	}
	// A user's sub is pairwise: opaque and specific to the audience.
	sum := sha256.Sum256([]byte(p.ObjectID + "|" + audience))
	c.Subject = base64.RawURLEncoding.EncodeToString(sum[:])
	c.AppIDACR = "0"
	c.UPN = p.UPN
	c.UniqueName = p.UPN
	c.Name = p.DisplayName
	c.Scope = strings.Join(p.Scopes, " ")
	c.WIDs = append([]string(nil), p.DirectoryRoles...)
	return c
}

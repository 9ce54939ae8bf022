package auth

import (
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// ClockSkew is the leeway on exp and nbf, as in Microsoft.IdentityModel.
const ClockSkew = 300 * time.Second

// maxTokenLength bounds the bearer tokens Verify looks at.
const maxTokenLength = 32 << 10

// minKeyBits is the smallest RSA key a Verifier trusts.
const minKeyBits = 2048

// VerifierConfig configures a Verifier.
type VerifierConfig struct {
	// Issuer is the required iss claim, e.g. Issuer.IssuerURL().
	Issuer string
	// Audiences are the accepted aud values, e.g. Audiences(spec.Current).
	Audiences []string
	// TenantID, when set, is the required tid claim: a token of another tenant is refused
	// even when a trusted key signed it.
	TenantID string
	// Keys are the trusted RSA public keys by kid (Issuer.PublicKeys or
	// JWKS.PublicKeys).
	Keys map[string]*rsa.PublicKey
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// CacheSize bounds how many verified tokens are remembered: 0 means
	// DefaultCacheSize, a negative value disables the cache.
	CacheSize int
}

// Verifier checks bearer tokens: RS256 only, key chosen by kid, signature,
// exp and nbf within ClockSkew (JSON numbers), aud among the accepted audiences,
// iss equal to the configured issuer, tid equal to the configured tenant; claim
// names are exact. It is safe for concurrent use.
type Verifier struct {
	issuer    string
	tenant    string
	audiences map[string]bool
	keys      map[string]*rsa.PublicKey
	now       func() time.Time
	parser    *jwt.Parser
	cache     *verifyCache // nil when disabled
}

// NewVerifier returns a Verifier for cfg.
func NewVerifier(cfg VerifierConfig) (*Verifier, error) {
	if cfg.Issuer == "" {
		return nil, errors.New("verifier: no issuer")
	}
	if len(cfg.Audiences) == 0 {
		return nil, errors.New("verifier: no audiences")
	}
	if len(cfg.Keys) == 0 {
		return nil, errors.New("verifier: no keys")
	}
	v := &Verifier{
		issuer:    cfg.Issuer,
		tenant:    cfg.TenantID,
		audiences: make(map[string]bool, len(cfg.Audiences)),
		keys:      make(map[string]*rsa.PublicKey, len(cfg.Keys)),
		now:       cfg.Now,
	}
	for _, a := range cfg.Audiences {
		if a == "" {
			return nil, errors.New("verifier: empty audience")
		}
		v.audiences[a] = true
	}
	for kid, k := range cfg.Keys {
		if kid == "" || k == nil || k.N == nil {
			return nil, fmt.Errorf("verifier: empty key id or key")
		}
		if k.N.BitLen() < minKeyBits {
			return nil, fmt.Errorf("verifier: key %s has %d bits, want at least %d", kid, k.N.BitLen(), minKeyBits)
		}
		v.keys[kid] = k
	}
	if v.now == nil {
		v.now = time.Now
	}
	v.parser = jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodRS256.Alg()}),
		jwt.WithLeeway(ClockSkew),
		jwt.WithTimeFunc(v.now),
		jwt.WithExpirationRequired(),
	)
	switch {
	case cfg.CacheSize == 0:
		v.cache = newVerifyCache(DefaultCacheSize)
	case cfg.CacheSize > 0:
		v.cache = newVerifyCache(cfg.CacheSize)
	}
	return v, nil
}

// Verify checks a raw bearer token (without the "Bearer " prefix) and returns
// its caller. The error wraps one of ErrMissing, ErrMalformed, ErrExpired,
// ErrNotYetValid, ErrSignature, ErrAudience, ErrIssuer, ErrTenant or
// ErrAlgorithm.
func (v *Verifier) Verify(token string) (Identity, error) {
	if token == "" {
		return Identity{}, fail(ErrMissing, "")
	}
	if len(token) > maxTokenLength {
		return Identity{}, fail(ErrMalformed, fmt.Sprintf("longer than %d bytes", maxTokenLength))
	}
	var key [32]byte
	if v.cache != nil {
		key = cacheKey(token)
		if id, ok := v.cache.get(key, v.now(), ClockSkew); ok {
			return id.clone(), nil
		}
	}
	id, nbf, err := v.verify(token)
	if err != nil {
		return Identity{}, err
	}
	if v.cache != nil {
		v.cache.put(&cacheEntry{key: key, identity: id.clone(), notBefore: nbf, expires: id.ExpiresAt})
	}
	return id, nil
}

// Cached returns the caller of a token that Verify accepted before and that is still valid
// (within ClockSkew), without verifying it again; ok is false for any other token, which
// Verify must then check. It never verifies a signature: a cheap look-up for a server that
// needs the caller of a request before it authenticates it.
func (v *Verifier) Cached(token string) (id Identity, ok bool) {
	if v.cache == nil || token == "" || len(token) > maxTokenLength {
		return Identity{}, false
	}
	if id, ok = v.cache.get(cacheKey(token), v.now(), ClockSkew); !ok {
		return Identity{}, false
	}
	return id.clone(), true
}

// verify is Verify without the cache; it also returns nbf (zero if absent).
func (v *Verifier) verify(token string) (Identity, time.Time, error) {
	header, _, err := segments(token)
	if err != nil {
		return Identity{}, time.Time{}, err
	}
	var alg, kid string
	for name, dst := range map[string]*string{"alg": &alg, "kid": &kid} {
		if raw, ok := header[name]; ok && json.Unmarshal(raw, dst) != nil {
			return Identity{}, time.Time{}, fail(ErrMalformed, "header "+name+" is not a string")
		}
	}
	if alg != jwt.SigningMethodRS256.Alg() {
		return Identity{}, time.Time{}, fail(ErrAlgorithm, fmt.Sprintf("alg %q, want RS256", clip(alg)))
	}
	if kid == "" {
		return Identity{}, time.Time{}, fail(ErrSignature, "no kid in header")
	}
	pub, ok := v.keys[kid]
	if !ok {
		return Identity{}, time.Time{}, fail(ErrSignature, fmt.Sprintf("unknown kid %q", clip(kid)))
	}
	claims := &tokenClaims{}
	_, err = v.parser.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return pub, nil })
	if err != nil {
		return Identity{}, time.Time{}, v.mapError(err, claims)
	}
	if claims.Issuer != v.issuer {
		return Identity{}, time.Time{}, fail(ErrIssuer, fmt.Sprintf("iss %q not accepted", clip(claims.Issuer)))
	}
	if v.tenant != "" && claims.TenantID != v.tenant {
		return Identity{}, time.Time{}, fail(ErrTenant, fmt.Sprintf("tid %q not accepted", clip(claims.TenantID)))
	}
	for _, aud := range claims.Audience {
		if v.audiences[aud] {
			var nbf time.Time
			if claims.NotBefore != nil {
				nbf = claims.NotBefore.Time
			}
			return identityFrom(claims, aud), nbf, nil
		}
	}
	return Identity{}, time.Time{}, fail(ErrAudience, fmt.Sprintf("aud %q not accepted", clip(strings.Join(claims.Audience, " "))))
}

// mapError turns a jwt error into one of ours without quoting the library's
// text, which may echo parts of the input.
func (v *Verifier) mapError(err error, c *tokenClaims) error {
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		return fail(ErrMalformed, "undecodable segment or claim")
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return fail(ErrSignature, "signature does not verify")
	case errors.Is(err, jwt.ErrTokenExpired):
		return fail(ErrExpired, "exp "+formatDate(c.ExpiresAt)+" is past, beyond the clock skew")
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		return fail(ErrNotYetValid, "nbf "+formatDate(c.NotBefore)+" is ahead, beyond the clock skew")
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return fail(ErrMalformed, "no exp claim")
	default:
		return fail(ErrMalformed, "unverifiable token")
	}
}

func formatDate(d *jwt.NumericDate) string {
	if d == nil {
		return "(absent)"
	}
	return d.UTC().Format(time.RFC3339)
}

// BearerToken extracts the token from an Authorization header value. No
// header, or another scheme, is ErrMissing; "Bearer" without a token is
// ErrMalformed.
func BearerToken(authorization string) (string, error) {
	if strings.TrimSpace(authorization) == "" {
		return "", fail(ErrMissing, "no Authorization header")
	}
	scheme, token, _ := strings.Cut(strings.TrimSpace(authorization), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", fail(ErrMissing, "Authorization scheme is not Bearer")
	}
	token = strings.TrimSpace(token)
	if token == "" {
		return "", fail(ErrMalformed, "empty bearer token")
	}
	return token, nil
}

package auth

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
)

// JWK is one RSA signing key as the Entra ID discovery keys document lists it.
type JWK struct {
	// Kty is the key type, "RSA".
	Kty string `json:"kty"`
	// Use is the key use, "sig".
	Use string `json:"use,omitempty"`
	// Kid is the key id tokens name in their header.
	Kid string `json:"kid"`
	// X5t is the key thumbprint; Entra ID sets it equal to Kid.
	X5t string `json:"x5t,omitempty"`
	// N is the modulus, base64url big-endian.
	N string `json:"n"`
	// E is the public exponent, base64url big-endian ("AQAB").
	E string `json:"e"`
	// Issuer is the issuer the key signs for; the v2 keys document carries it.
	Issuer string `json:"issuer,omitempty"`
}

// JWKS is a JSON Web Key Set document: {"keys":[...]}.
type JWKS struct {
	// Keys are the signing keys.
	Keys []JWK `json:"keys"`
}

// JWKS returns the issuer's public key as a key set, without Issuer fields.
func (i *Issuer) JWKS() JWKS {
	pub := &i.key.PublicKey
	return JWKS{Keys: []JWK{{
		Kty: "RSA",
		Use: "sig",
		Kid: i.kid,
		X5t: i.kid,
		N:   base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
		E:   base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
	}}}
}

// ParseJWKS decodes a key set document.
func ParseJWKS(data []byte) (JWKS, error) {
	var s JWKS
	if err := json.Unmarshal(data, &s); err != nil {
		return JWKS{}, fmt.Errorf("jwks: %w", err)
	}
	return s, nil
}

// PublicKeys returns the set's RSA signing keys by kid, for VerifierConfig.Keys.
// Keys of another type or for encryption are skipped; a malformed RSA key is an
// error.
func (s JWKS) PublicKeys() (map[string]*rsa.PublicKey, error) {
	keys := make(map[string]*rsa.PublicKey, len(s.Keys))
	for _, k := range s.Keys {
		if k.Kty != "RSA" || (k.Use != "" && k.Use != "sig") {
			continue
		}
		if k.Kid == "" {
			return nil, fmt.Errorf("jwks: RSA key without kid")
		}
		n, err := base64.RawURLEncoding.DecodeString(k.N)
		if err != nil || len(n) == 0 {
			return nil, fmt.Errorf("jwks: key %s: bad modulus", k.Kid)
		}
		e, err := base64.RawURLEncoding.DecodeString(k.E)
		if err != nil || len(e) == 0 || len(e) > 4 {
			return nil, fmt.Errorf("jwks: key %s: bad exponent", k.Kid)
		}
		exp := new(big.Int).SetBytes(e).Int64()
		if exp < 3 || exp > 1<<31-1 {
			return nil, fmt.Errorf("jwks: key %s: exponent out of range", k.Kid)
		}
		if _, dup := keys[k.Kid]; dup {
			return nil, fmt.Errorf("jwks: duplicate kid %s", k.Kid)
		}
		keys[k.Kid] = &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(exp)}
	}
	return keys, nil
}

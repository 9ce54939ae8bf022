package auth

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"

	"github.com/golang-jwt/jwt/v5"
)

// sign serializes and signs t as a compact JWS.
func (i *Issuer) sign(t *issueTemplate) (string, error) {
	header, err := json.Marshal(t.header)
	if err != nil {
		return "", fmt.Errorf("issue: header: %w", err)
	}
	claims, err := json.Marshal(t.claims)
	if err != nil {
		return "", fmt.Errorf("issue: claims: %w", err)
	}
	input := base64.RawURLEncoding.EncodeToString(header) + "." + base64.RawURLEncoding.EncodeToString(claims)

	var sig []byte
	switch t.signing {
	case signRS256:
		sig, err = jwt.SigningMethodRS256.Sign(input, i.key)
	case signForeign:
		var key *rsa.PrivateKey
		if key, err = i.foreign(); err == nil {
			sig, err = jwt.SigningMethodRS256.Sign(input, key)
		}
	case signNone:
		sig = nil
	case signHS256PublicKey:
		var der []byte
		if der, err = x509.MarshalPKIXPublicKey(&i.key.PublicKey); err == nil {
			pemKey := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
			sig, err = jwt.SigningMethodHS256.Sign(input, pemKey)
		}
	default:
		err = fmt.Errorf("unknown signing mode %d", t.signing)
	}
	if err != nil {
		return "", fmt.Errorf("issue: sign: %w", err)
	}
	return input + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}

// foreign returns the key ForeignKey tokens are signed with, generating it on
// first use.
func (i *Issuer) foreign() (*rsa.PrivateKey, error) {
	i.foreignOnce.Do(func() {
		i.foreignKey, i.foreignErr = rsa.GenerateKey(rand.Reader, 2048)
	})
	return i.foreignKey, i.foreignErr
}

// SignPayload signs payload, any bytes, as the payload of an RS256 JWT under the issuer's
// key and kid: a token whose signature verifies whatever its claims say, for tests of the
// claim checks that Issue's options cannot reach (a claim named ROLES, exp as a string).
func (i *Issuer) SignPayload(payload []byte) (string, error) {
	enc := base64.RawURLEncoding.EncodeToString
	header, err := json.Marshal(map[string]string{"typ": "JWT", "alg": "RS256", "kid": i.kid})
	if err != nil {
		return "", err
	}
	input := enc(header) + "." + enc(payload)
	sig, err := jwt.SigningMethodRS256.Sign(input, i.key)
	if err != nil {
		return "", fmt.Errorf("sign: %w", err)
	}
	return input + "." + enc(sig), nil
}

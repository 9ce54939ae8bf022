package auth

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestJWKSPublicKeysMatchIssuer(t *testing.T) {
	f := newFixture(t)
	pub, err := f.issuer.JWKS().PublicKeys()
	require.NoError(t, err)
	want := f.issuer.PublicKeys()
	require.Len(t, pub, 1)
	assert.True(t, want[f.issuer.KeyID()].Equal(pub[f.issuer.KeyID()]))
}

func TestJWKSRejectsMalformedKeys(t *testing.T) {
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	b64 := base64.RawURLEncoding.EncodeToString
	n := b64(big.NewInt(0).Lsh(big.NewInt(1), 2047).Bytes())
	tests := map[string]JWK{
		"no kid":         {Kty: "RSA", N: n, E: "AQAB"},
		"bad modulus":    {Kty: "RSA", Kid: "k", N: "!!", E: "AQAB"},
		"empty modulus":  {Kty: "RSA", Kid: "k", E: "AQAB"},
		"bad exponent":   {Kty: "RSA", Kid: "k", N: n, E: "!!"},
		"exponent 1":     {Kty: "RSA", Kid: "k", N: n, E: "AQ"},
		"huge exponent":  {Kty: "RSA", Kid: "k", N: n, E: b64([]byte{1, 0, 0, 0, 1})},
		"empty exponent": {Kty: "RSA", Kid: "k", N: n},
	}
	for name, k := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := JWKS{Keys: []JWK{k}}.PublicKeys()
			assert.Error(t, err)
		})
	}

	dup := JWK{Kty: "RSA", Kid: "k", N: n, E: "AQAB"}
	_, err = JWKS{Keys: []JWK{dup, dup}}.PublicKeys()
	assert.Error(t, err, "duplicate kid")

	keys, err := JWKS{Keys: []JWK{{Kty: "EC", Kid: "e"}, {Kty: "RSA", Use: "enc", Kid: "x", N: n, E: "AQAB"}}}.PublicKeys()
	require.NoError(t, err)
	assert.Empty(t, keys, "non-RSA and encryption keys are skipped")

	weak, err := JWKS{Keys: []JWK{{Kty: "RSA", Kid: "w", N: b64(small.N.Bytes()), E: "AQAB"}}}.PublicKeys()
	require.NoError(t, err)
	_, err = NewVerifier(VerifierConfig{Issuer: "i", Audiences: []string{"a"}, Keys: weak})
	assert.Error(t, err, "a 1024-bit key is not trusted")

	_, err = ParseJWKS([]byte("{"))
	assert.Error(t, err)
}

package steps

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/isoconform/isoconform/internal/auth"
)

// forgedToken signs a well-formed RS256 JWT with the suite's own key, which no target knows.
// Its claims are those of the authorised token when one is configured (so only the signature
// is wrong), else plausible ones for the profile's audience.
func (t *target) forgedToken(template string) (string, error) {
	claims := jwt.MapClaims{}
	if template != "" {
		_ = payloadClaims(template, claims)
	}
	now := time.Now()
	if _, ok := claims["aud"]; !ok {
		claims["aud"] = auth.Audience(t.profile)
		claims["iss"] = "https://sts.windows.net/00000000-0000-0000-0000-000000000000/"
		claims["sub"] = "isoconform-forged"
	}
	claims["iat"], claims["nbf"], claims["exp"] = now.Add(-time.Minute).Unix(), now.Add(-time.Minute).Unix(), now.Add(time.Hour).Unix()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = "isoconform-forged-key"
	return tok.SignedString(t.forgeKey)
}

// tamperedToken returns token with its payload changed (one more hour of validity) and its
// original signature kept: a forged signature.
func tamperedToken(token string) (string, bool) {
	claims := map[string]any{}
	if payloadClaims(token, claims) != nil {
		return "", false
	}
	exp, _ := claims["exp"].(float64)
	claims["exp"] = int64(exp) + 3600
	claims["isoconform"] = "tampered"
	b, err := json.Marshal(claims)
	if err != nil {
		return "", false
	}
	parts := strings.Split(token, ".")
	return parts[0] + "." + base64.RawURLEncoding.EncodeToString(b) + "." + parts[2], true
}

// payloadClaims reads token's payload (auth.Payload, the one JWT reader) into claims.
func payloadClaims(token string, claims map[string]any) error {
	payload, err := auth.Payload(token)
	if err != nil {
		return err
	}
	for name, raw := range payload {
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return err
		}
		claims[name] = v
	}
	return nil
}

// unsignedToken returns token's claims under the header {"alg":"none","typ":"JWT"} with an
// empty signature: a server that honours the header's algorithm accepts anything.
func unsignedToken(token string) (string, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return "", false
	}
	header := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
	return header + "." + parts[1] + ".", true
}

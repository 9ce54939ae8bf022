package steps

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// forgedToken signs a well-formed RS256 JWT with the suite's own key, which no target knows.
// Its claims are those of the authorised token when one is configured (so only the signature
// is wrong), else plausible ones for the profile's audience.
func (t *target) forgedToken(template string) (string, error) {
	claims := jwt.MapClaims{}
	if template != "" {
		if parts := strings.Split(template, "."); len(parts) == 3 {
			if raw, err := base64.RawURLEncoding.DecodeString(parts[1]); err == nil {
				_ = json.Unmarshal(raw, &claims)
			}
		}
	}
	now := time.Now()
	if _, ok := claims["aud"]; !ok {
		claims["aud"] = t.profile.Audience()
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
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return "", false
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return "", false
	}
	var claims map[string]any
	if json.Unmarshal(raw, &claims) != nil {
		return "", false
	}
	exp, _ := claims["exp"].(float64)
	claims["exp"] = int64(exp) + 3600
	claims["isoconform"] = "tampered"
	b, err := json.Marshal(claims)
	if err != nil {
		return "", false
	}
	return parts[0] + "." + base64.RawURLEncoding.EncodeToString(b) + "." + parts[2], true
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

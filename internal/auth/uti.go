package auth

import (
	"crypto/rand"
	"encoding/base64"
)

// newUTI returns a random token identifier shaped like Entra's uti claim.
func newUTI() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

package mock

import (
	"crypto/rand"
	"encoding/hex"
)

// newHexID returns 40 random hex digits, the shape of machine ids (and of the 2017 draft's
// action id).
func newHexID() string {
	var b [20]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

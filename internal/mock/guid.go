package mock

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// newGUID returns a random version 4 GUID.
func newGUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// newHexID returns 40 random hex digits, the shape of machine ids (and of the 2017 draft's
// action id).
func newHexID() string {
	var b [20]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

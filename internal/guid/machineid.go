package guid

import (
	"crypto/rand"
	"encoding/hex"
)

// MachineID returns 40 random lower-case hex digits, the shape of Defender machine ids (and of
// the 2017 draft's action ids).
func MachineID() string {
	var b [20]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}

// Package guid makes the random identifiers the mock, the token issuer and the suite share.
package guid

import (
	"crypto/rand"
	"fmt"
)

// New returns a random RFC 4122 version 4 GUID in lower case, the shape of MachineAction ids,
// object ids and correlation ids.
func New() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

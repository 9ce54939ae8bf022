// Package spec holds the contract of the Isolate machine API: the OpenAPI document
// (isolate.openapi.yaml) and the requirement registry (requirements.yaml), both embedded,
// with loaders that validate them and shape the document for one contract profile.
package spec

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
)

//go:embed isolate.openapi.yaml
var openAPIDocument []byte

//go:embed requirements.yaml
var requirementsDocument []byte

// OpenAPIBytes returns a copy of the embedded OpenAPI document, byte for byte.
func OpenAPIBytes() []byte { return append([]byte(nil), openAPIDocument...) }

// RequirementsBytes returns a copy of the embedded requirement registry, byte for byte.
func RequirementsBytes() []byte { return append([]byte(nil), requirementsDocument...) }

// OpenAPISHA256 returns the hex SHA-256 of the embedded OpenAPI document, for reports.
func OpenAPISHA256() string {
	sum := sha256.Sum256(openAPIDocument)
	return hex.EncodeToString(sum[:])
}

package auth

import "errors"

// Verification errors. [Verifier.Verify] wraps exactly one of them; test with
// errors.Is. No error text ever contains the token.
var (
	// ErrMissing: no bearer token was presented.
	ErrMissing = errors.New("missing bearer token")
	// ErrMalformed: the token is not a well-formed JWT of the expected shape.
	ErrMalformed = errors.New("malformed token")
	// ErrExpired: exp lies more than the clock skew in the past.
	ErrExpired = errors.New("token expired")
	// ErrNotYetValid: nbf lies more than the clock skew in the future.
	ErrNotYetValid = errors.New("token not yet valid")
	// ErrSignature: the signature does not verify, or kid names no trusted key.
	ErrSignature = errors.New("invalid token signature")
	// ErrAudience: aud is not one of the accepted audiences.
	ErrAudience = errors.New("invalid token audience")
	// ErrIssuer: iss is not the expected issuer.
	ErrIssuer = errors.New("invalid token issuer")
	// ErrTenant: tid is not the expected tenant.
	ErrTenant = errors.New("invalid token tenant")
	// ErrAlgorithm: the header's alg is not RS256.
	ErrAlgorithm = errors.New("token signing algorithm not accepted")
)

// verifyError is a sentinel error plus a detail that never holds the token.
type verifyError struct {
	kind   error
	detail string
}

func (e *verifyError) Error() string {
	if e.detail == "" {
		return e.kind.Error()
	}
	return e.kind.Error() + ": " + e.detail
}

func (e *verifyError) Unwrap() error { return e.kind }

func fail(kind error, detail string) error {
	return &verifyError{kind: kind, detail: detail}
}

// clip shortens a claim value quoted in an error message.
func clip(s string) string {
	const limit = 80
	if len(s) > limit {
		return s[:limit] + "…"
	}
	return s
}

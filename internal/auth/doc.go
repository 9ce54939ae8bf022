// Package auth issues and verifies the RS256 access tokens of the isoconform
// reference mock, imitating Microsoft Entra ID (Azure AD) v1 access tokens and
// its client-credentials token endpoints.
//
// An [Issuer] mints tokens for the fixture [Principal]s (and, through
// [Option]s, the deliberately broken tokens the suite attacks with); a
// [Verifier] checks a bearer token and returns the caller's [Identity];
// [TokenEndpoint] serves the token, key and metadata endpoints that SDKs call.
package auth

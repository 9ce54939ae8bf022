// Package redact hides secrets in text before it leaves the process.
//
// Every output of isoconform (console, JUnit, cucumber JSON, the JSON report,
// logs) passes through a Redactor, so a token value never reaches a file or a
// terminal, whichever path the text took to get there.
package redact

import (
	"regexp"
	"sort"
	"strings"
)

// Mask is what every hidden secret is replaced by.
const Mask = "[REDACTED]"

// bearerPattern matches the credential after "Bearer" (any case). In an
// Authorization header (`Authorization: Bearer x`, `"authorization":"bearer x"`)
// any value is a credential; elsewhere only a credential-like one, of at least
// 12 characters, so that prose such as "a well-formed Bearer token" is kept
// (configured secrets of any length are masked anyway, by exact match). A value
// that starts with '$', '<', '[' or '{' is a placeholder such as
// "$ISOCONFORM_TOKEN_NO_ROLE" or an already masked value, and is kept so that
// reproduce lines stay usable. A backslash ends a credential: in text that
// holds JSON, `bearer \"` is an escaped quote, not a credential.
var bearerPattern = regexp.MustCompile(`(?i)(authorization["']?\s*[:=]\s*["']?\s*Bearer\s+)[^\s$<\[{"',;\\][^\s"',;\\]*|(\bBearer\s+)[^\s$<\[{"',;\\][^\s"',;\\]{11,}`)

// jwtPattern matches a JWT (three base64url segments) or JWE (five). The first
// segment must start with "eyJ", the base64url encoding of `{"` that opens
// every JOSE header: without that anchor host names and version numbers such
// as "api.example.com" or "0.16.0" would be masked too.
var jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]*\.[A-Za-z0-9_=-]*(?:\.[A-Za-z0-9_=-]*\.[A-Za-z0-9_=-]*)?`)

// Redactor replaces known secrets, bearer credentials and JWT-shaped strings
// by Mask. Its methods are safe for concurrent use: it is never modified
// after New.
type Redactor struct {
	secrets  []string
	replacer *strings.Replacer
}

// New returns a Redactor that hides each of secrets (empty values are
// ignored) in addition to the bearer and JWT patterns, which it always hides.
func New(secrets ...string) *Redactor {
	var kept []string
	seen := map[string]bool{}
	for _, s := range secrets {
		if s != "" && !seen[s] {
			seen[s] = true
			kept = append(kept, s)
		}
	}
	// Longest first, so a secret that contains another is masked whole.
	sort.SliceStable(kept, func(i, j int) bool { return len(kept[i]) > len(kept[j]) })
	pairs := make([]string, 0, 2*len(kept))
	for _, s := range kept {
		pairs = append(pairs, s, Mask)
	}
	return &Redactor{secrets: kept, replacer: strings.NewReplacer(pairs...)}
}

// String returns s with every secret, bearer credential and JWT-shaped string
// replaced by Mask; a secret is also found escaped (JSON, Go or JavaScript string
// escapes, percent-encoding, HTML character references, up to three layers), and so
// is a JWT. A nil Redactor still hides bearer credentials and JWTs. Apply it to values before
// they are encoded, never to encoded output.
func (r *Redactor) String(s string) string {
	var secrets []string
	if r != nil && len(r.secrets) > 0 {
		secrets = r.secrets
		s = r.replacer.Replace(s)
	}
	s = maskEscaped(s, secrets)
	s = jwtPattern.ReplaceAllString(s, Mask)
	return bearerPattern.ReplaceAllString(s, "${1}${2}"+Mask)
}

package mock

import (
	"regexp"
	"strings"
)

// The mock keeps what it records of a request (violations, verdicts, its request log) free
// of credentials: anyone on loopback may read the violation and verdict logs.

// credentialWord matches a header, query parameter or property name that holds a credential:
// access_token, X-Access-Token, client_secret, Ocp-Apim-Subscription-Key, api-key, password,
// client_assertion, sig, Authorization, Cookie and the like.
var credentialWord = regexp.MustCompile(`(?i)token|secret|passw|pwd|key|auth|cookie|session|signature|^sig$|^code$|assertion|credential|^sas$`)

// jwtShape matches a JWT or JWE: base64url segments after the "eyJ" that opens a JOSE header,
// separated by dots, also JSON- or percent-escaped ones.
var jwtShape = regexp.MustCompile(`eyJ[A-Za-z0-9_=-]+(?:\.|\\u002[eE]|%2[eE])[A-Za-z0-9_=-]*(?:\.|\\u002[eE]|%2[eE])[A-Za-z0-9_=-]*(?:(?:\.|\\u002[eE]|%2[eE])[A-Za-z0-9_=-]*(?:\.|\\u002[eE]|%2[eE])[A-Za-z0-9_=-]*)?`)

// formPair matches name=value in a query or form body; jsonPair "name": "value" (or a number
// or literal) in JSON text. Group 2 is the name, the value follows the match's group 3.
var (
	formPair = regexp.MustCompile(`(^|[?&;\s])([^=&;\s]+)=([^&;\s]*)`)
	jsonPair = regexp.MustCompile(`("((?:[^"\\]|\\.)*)"\s*:\s*)("(?:[^"\\]|\\.)*"|[^,}\]\s]+)`)
)

// knownSchemes are the Authorization schemes shown in front of a masked credential.
var knownSchemes = []string{"Bearer", "Basic", "Digest", "Negotiate", "NTLM", "PoP", "MAC", "HOBA", "Mutual", "AWS4-HMAC-SHA256"}

// isCredentialName reports whether a header, parameter or property named name holds a
// credential.
func isCredentialName(name string) bool { return credentialWord.MatchString(name) }

// maskHeader returns the values of header name as recorded: every value of a credential
// header is the mask (an Authorization value keeps only a known scheme in front of it,
// whatever the value's length), and any JWT in another header is masked.
func maskHeader(name string, values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		switch {
		case strings.Contains(strings.ToLower(name), "authorization"):
			out[i] = maskAuthorization(v)
		case isCredentialName(name):
			out[i] = redacted
		default:
			out[i] = maskText(v)
		}
	}
	return out
}

// maskAuthorization masks an Authorization value: "Bearer [REDACTED]" for a known scheme
// followed by a credential, else the mask alone.
func maskAuthorization(v string) string {
	scheme, rest, ok := strings.Cut(strings.TrimSpace(v), " ")
	if ok && strings.TrimSpace(rest) != "" {
		for _, known := range knownSchemes {
			if strings.EqualFold(scheme, known) {
				return known + " " + redacted
			}
		}
	}
	return redacted
}

// maskURL masks a request URI: the value of every query parameter named like a credential,
// and any JWT anywhere in it.
func maskURL(uri string) string {
	path, query, hasQuery := strings.Cut(uri, "?")
	path = jwtShape.ReplaceAllString(path, redacted)
	if !hasQuery {
		return path
	}
	return path + "?" + maskPairs(query)
}

// maskPairs masks the values of name=value pairs named like credentials, and JWTs.
func maskPairs(s string) string {
	s = formPair.ReplaceAllStringFunc(s, func(m string) string {
		sub := formPair.FindStringSubmatch(m)
		if !isCredentialName(unescapeName(sub[2])) {
			return m
		}
		return sub[1] + sub[2] + "=" + redacted
	})
	return jwtShape.ReplaceAllString(s, redacted)
}

// unescapeName undoes the percent-encoding of a query parameter's name, as far as it can.
func unescapeName(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == '%' && i+2 < len(name) && isHex(name[i+1]) && isHex(name[i+2]) {
			b.WriteByte(unhex(name[i+1])<<4 | unhex(name[i+2]))
			i += 2
			continue
		}
		if c == '+' {
			c = ' '
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// maskText masks a recorded body or header value: JWTs, the values of JSON properties and of
// form pairs named like credentials, and a credential after "Bearer".
func maskText(s string) string {
	s = jsonPair.ReplaceAllStringFunc(s, func(m string) string {
		sub := jsonPair.FindStringSubmatch(m)
		if !isCredentialName(sub[2]) {
			return m
		}
		return sub[1] + `"` + redacted + `"`
	})
	s = maskPairs(s)
	return bearerValue.ReplaceAllString(s, "${1}"+redacted)
}

// bearerValue matches a credential after the word Bearer.
var bearerValue = regexp.MustCompile(`(?i)(\bbearer\s+)[A-Za-z0-9\-._~+/]+=*`)

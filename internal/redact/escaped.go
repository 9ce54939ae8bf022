package redact

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// A target may echo a secret escaped: JSON-escaped (`\/`, `\"`, `\u0041`), as a Go or
// JavaScript string (`\x41`), percent-encoded (`%2F`), HTML-escaped (`&quot;`, `&#47;`,
// `&#x2f;`), or several of these at once. The Redactor finds a secret in such text by
// decoding the text, escape by escape, while remembering which span of the original each
// decoded byte came from, searching the decoded text, and masking the original spans.

// maxDecodePasses bounds how many layers of escaping are undone (JSON inside JSON, a
// percent-encoded value inside a JSON string, ...).
const maxDecodePasses = 3

// decodedText is text with one layer of escapes undone; from[i] and to[i] are the span of the
// original text that byte i came from.
type decodedText struct {
	text     []byte
	from, to []int
}

// mayBeEscaped reports whether s holds anything decodeOnce would undo.
func mayBeEscaped(s string) bool { return strings.ContainsAny(s, `\%&`) }

// decodeOnce undoes one layer of escapes in s. Anything that is not a complete escape is kept
// as it is.
func decodeOnce(s string) decodedText {
	d := decodedText{text: make([]byte, 0, len(s)), from: make([]int, 0, len(s)), to: make([]int, 0, len(s))}
	emit := func(b []byte, from, to int) {
		for _, c := range b {
			d.text = append(d.text, c)
			d.from = append(d.from, from)
			d.to = append(d.to, to)
		}
	}
	for i := 0; i < len(s); {
		if r, n := unescapeAt(s, i); n > 0 {
			emit(utf8.AppendRune(nil, r), i, i+n)
			i += n
			continue
		}
		emit([]byte{s[i]}, i, i+1)
		i++
	}
	return d
}

// unescapeAt decodes the escape that starts at s[i], if one does: the character and the
// escape's length (0 when none starts there).
func unescapeAt(s string, i int) (rune, int) {
	rest := s[i:]
	switch rest[0] {
	case '\\':
		if len(rest) < 2 {
			return 0, 0
		}
		switch c := rest[1]; c {
		case '"', '\\', '/', '\'':
			return rune(c), 2
		case 'u':
			if v, ok := hexValue(rest, 2, 4); ok {
				return rune(v), 6
			}
		case 'x':
			if v, ok := hexValue(rest, 2, 2); ok {
				return rune(v), 4
			}
		}
	case '%':
		if v, ok := hexValue(rest, 1, 2); ok {
			return rune(v), 3
		}
	case '&':
		return entityAt(rest)
	}
	return 0, 0
}

// entityAt decodes an HTML character reference at the start of s: &quot; &amp; &lt; &gt;
// &apos; &sol; or a numeric one (&#34; &#x22;), the final ';' optional for numeric ones.
func entityAt(s string) (rune, int) {
	for name, r := range map[string]rune{"&quot;": '"', "&amp;": '&', "&lt;": '<', "&gt;": '>', "&apos;": '\'', "&sol;": '/'} {
		if strings.HasPrefix(s, name) {
			return r, len(name)
		}
	}
	if len(s) < 3 || s[1] != '#' {
		return 0, 0
	}
	base, start := 10, 2
	if s[2] == 'x' || s[2] == 'X' {
		base, start = 16, 3
	}
	end := start
	for end < len(s) && end-start < 8 && isDigit(s[end], base) {
		end++
	}
	if end == start {
		return 0, 0
	}
	v, err := strconv.ParseUint(s[start:end], base, 32)
	if err != nil || v > utf8.MaxRune {
		return 0, 0
	}
	if end < len(s) && s[end] == ';' {
		end++
	}
	return rune(v), end
}

func isDigit(c byte, base int) bool {
	if base == 16 {
		return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
	}
	return '0' <= c && c <= '9'
}

// hexValue parses s[at:at+n] as hexadecimal digits.
func hexValue(s string, at, n int) (uint64, bool) {
	if len(s) < at+n {
		return 0, false
	}
	for i := at; i < at+n; i++ {
		if !isDigit(s[i], 16) {
			return 0, false
		}
	}
	v, err := strconv.ParseUint(s[at:at+n], 16, 32)
	return v, err == nil
}

// maskEscaped masks every escaped occurrence of the secrets, and of anything JWT-shaped, in s
// (plain ones are the replacer's and jwtPattern's): up to maxDecodePasses layers are undone,
// each match's span in s is masked. JWTs count because the suite sends tokens it made itself
// (forged, altered, unsigned) that are no configured secret, yet an altered or unsigned one
// carries the real token's claims or signature.
func maskEscaped(s string, secrets []string) string {
	if !mayBeEscaped(s) {
		return s
	}
	// from and to map the current layer's bytes to spans of s.
	layer := s
	var from, to []int
	var spans [][2]int
	for pass := 0; pass < maxDecodePasses && mayBeEscaped(layer); pass++ {
		d := decodeOnce(layer)
		if len(d.text) == len(layer) {
			break // nothing was undone
		}
		if from != nil {
			for i := range d.text {
				d.from[i], d.to[i] = from[d.from[i]], to[d.to[i]-1]
			}
		}
		from, to, layer = d.from, d.to, string(d.text)
		for _, secret := range secrets {
			for at := 0; ; {
				k := strings.Index(layer[at:], secret)
				if k < 0 {
					break
				}
				start, end := at+k, at+k+len(secret)
				spans = append(spans, [2]int{from[start], to[end-1]})
				at = end
			}
		}
		for _, m := range jwtPattern.FindAllStringIndex(layer, -1) {
			spans = append(spans, [2]int{from[m[0]], to[m[1]-1]})
		}
	}
	if len(spans) == 0 {
		return s
	}
	return maskSpans(s, spans)
}

// maskSpans replaces the spans of s (in any order, possibly overlapping) by Mask.
func maskSpans(s string, spans [][2]int) string {
	covered := make([]bool, len(s))
	for _, sp := range spans {
		for i := sp[0]; i < sp[1]; i++ {
			covered[i] = true
		}
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if !covered[i] {
			b.WriteByte(s[i])
			i++
			continue
		}
		b.WriteString(Mask)
		for i < len(s) && covered[i] {
			i++
		}
	}
	return b.String()
}

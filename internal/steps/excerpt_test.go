package steps

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"

	"github.com/isoconform/isoconform/internal/redact"
)

// unicodeEscaped writes every byte of s as a \u00xx escape, the way a hostile target
// may echo a token inside a JSON string.
func unicodeEscaped(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		b.WriteString(`\u00`)
		b.WriteString(strings.ToLower(string("0123456789ABCDEF"[c>>4]) + string("0123456789ABCDEF"[c&15])))
	}
	return b.String()
}

// Whatever the cut, an escaped token in a body is hidden before the body is cut, so no
// part of its escaped form survives in the excerpt.
func TestExcerptHidesAnEscapedSecretBeforeCutting(t *testing.T) {
	const secret = "tok/en\"machine-isolate-q7canary3e"
	red := redact.New(secret)
	body := `{"error":{"message":"unicode ` + unicodeEscaped(secret) + ` tail"}}`
	for n := 10; n <= len(body)+5; n++ {
		got := excerpt(red, body, n)
		assert.NotContains(t, got, `\u0071\u0037`, "cut at %d: %s", n, got)
		assert.NotContains(t, got, `\u0074\u006f\u006b\u002f`, "cut at %d: %s", n, got)
		assert.LessOrEqual(t, len(got), n+len("..."), "cut at %d", n)
	}
	assert.Equal(t, `{"error":{"message":"unicode [REDACTED] tail"}}`, excerpt(red, body, 300))
}

// A cut never splits a character, so an excerpt of valid UTF-8 stays valid UTF-8.
func TestExcerptCutsOnARuneBoundary(t *testing.T) {
	for n := 1; n < 12; n++ {
		got := excerpt(nil, "ééééééé x", n)
		assert.True(t, utf8.ValidString(got), "cut at %d: %q", n, got)
		assert.True(t, strings.HasSuffix(got, "..."), "cut at %d: %q", n, got)
	}
	assert.Equal(t, "a b c", excerpt(nil, "a\n  b\tc", 80), "white space is folded")
}

package steps

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/isoconform/isoconform/internal/httpx"
	"github.com/isoconform/isoconform/internal/redact"
)

// excerpt folds white space in s, hides its secrets with red, and only then cuts it to
// at most n bytes (on a rune boundary). The order matters: a cut made first can split a
// secret's escaped form (a token echoed as \u0074\u006f…), and a split form is no longer
// recognised as the secret, so its first half would reach the reports.
func excerpt(red *redact.Redactor, s string, n int) string {
	return cut(red.String(strings.Join(strings.Fields(s), " ")), n)
}

// cut folds white space in s, text already redacted, and cuts it to at most n bytes on a rune
// boundary, marking the cut.
func cut(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	at := n
	for at > 0 && !utf8.RuneStart(s[at]) {
		at--
	}
	return s[:at] + "..."
}

// describe says in a few words what an exchange answered: its status, its media type and
// the start of its body, secrets hidden (a shorter form is cut(describe(ex), n)).
func (t *target) describe(ex *httpx.Exchange) string {
	if ex == nil || ex.StatusCode == 0 {
		return "no answer"
	}
	out := fmt.Sprintf("%d", ex.StatusCode)
	if ct := ex.ResponseHeader.Get("Content-Type"); ct != "" {
		out += " (" + ct + ")"
	}
	if len(ex.ResponseBody) > 0 {
		out += " " + excerpt(t.red, string(ex.ResponseBody), 300)
	}
	return out
}

package redact

import (
	"encoding/json"
	"html"
	"net/url"
	"strings"
	"testing"
)

// A configured secret is masked in every escaped form a target may echo it in.
func TestEscapedSecretsAreMasked(t *testing.T) {
	const secret = `tok/en"with\odd'chars&<>9f3`
	r := New(secret)
	jsonOf := func(s string) string { b, _ := json.Marshal(s); return strings.Trim(string(b), `"`) }
	slashEscaped := strings.ReplaceAll(jsonOf(secret), "/", `\/`)
	unicode := func(s string) string {
		var b strings.Builder
		for _, c := range s {
			b.WriteString(`\u00` + strings.ToUpper(hex2(byte(c))))
		}
		return b.String()
	}
	forms := map[string]string{
		"JSON":                jsonOf(secret),
		"JSON with \\/":       slashEscaped,
		"JSON \\u00xx":        unicode(secret),
		"JSON in JSON":        jsonOf(jsonOf(secret)),
		"Go %q":               strings.Trim(strconvQuote(secret), `"`),
		"query escaped":       url.QueryEscape(secret),
		"path escaped":        url.PathEscape(secret),
		"percent lower case":  strings.ToLower(url.QueryEscape(secret)),
		"HTML escaped":        html.EscapeString(secret),
		"HTML named entities": strings.NewReplacer(`&`, "&amp;", `"`, "&quot;", `/`, "&sol;", "'", "&apos;", "<", "&lt;", ">", "&gt;").Replace(secret),
		"HTML numeric":        strings.NewReplacer(`"`, "&#x22;", `/`, "&#47", "'", "&#39;").Replace(html.EscapeString(secret)),
		"percent inside JSON": jsonOf(url.QueryEscape(secret)),
		"HTML of JSON":        html.EscapeString(slashEscaped),
		"plain":               secret,
	}
	for name, form := range forms {
		t.Run(name, func(t *testing.T) {
			in := `{"echo":"` + form + `","next":"kept"}`
			got := r.String(in)
			if got != `{"echo":"`+Mask+`","next":"kept"}` {
				t.Errorf("String(%q) = %q", in, got)
			}
		})
	}
}

// Text around escapes that hold no secret is kept byte for byte, so a JSON text stays valid.
func TestEscapesWithoutSecretsAreKept(t *testing.T) {
	r := New("CANARY-s3cr3t-7f3a9c")
	for _, in := range []string{
		`{"a":"say \"hi\" \/ \\ \u00e9 %2F &amp; &#34;"}`,
		`authorization: bearer \"x\"`,
		`{"h":"authorization: bearer \"","n":1}`,
		`%`, `\`, `&#`, `&#x;`, `\u12`, `%G1`,
	} {
		if got := r.String(in); got != in {
			t.Errorf("String(%q) = %q, want it unchanged", in, got)
		}
	}
	// JSON text with an Authorization echo before a quote stays valid JSON.
	in := `{"body":"authorization: bearer \"", "x": "y"}`
	if !json.Valid([]byte(r.String(in))) {
		t.Errorf("String(%q) = %q is not JSON", in, r.String(in))
	}
}

func hex2(b byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[b>>4], digits[b&15]})
}

func strconvQuote(s string) string {
	b, _ := json.Marshal(s) // %q and JSON agree on these characters, apart from \'
	return strings.ReplaceAll(string(b), `'`, `\'`)
}

// A JWT the suite made itself (forged, altered, unsigned) is no configured secret, yet is
// masked when a target echoes it escaped, by any Redactor, nil included.
func TestEscapedJWTIsMasked(t *testing.T) {
	const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXE3"
	var unicode, percent strings.Builder
	for _, c := range []byte(jwt) {
		unicode.WriteString(`\u00` + hex2(c))
		percent.WriteString("%" + strings.ToUpper(hex2(c)))
	}
	for name, form := range map[string]string{"JSON \\u00xx": unicode.String(), "percent": percent.String(), "HTML numeric": strings.ReplaceAll(jwt, ".", "&#46;")} {
		for _, r := range []*Redactor{nil, New(), New("unrelated-secret-value")} {
			in := `{"echo":"` + form + `","next":"kept"}`
			if got := r.String(in); got != `{"echo":"`+Mask+`","next":"kept"}` {
				t.Errorf("%s: String(%q) = %q", name, in, got)
			}
		}
	}
}

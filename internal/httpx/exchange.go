package httpx

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/isoconform/isoconform/internal/redact"
)

// transcriptBodyLimit is the most of each body a Transcript shows.
const transcriptBodyLimit = 8 << 10

// transcriptRedactWindow is how much of a body is redacted before it is cut to
// transcriptBodyLimit.
const transcriptRedactWindow = 128 << 10

// Exchange records one request and its response as they went over the
// wire. Fields hold raw values, secrets included: render it with
// Transcript or Curl, never by printing the fields.
type Exchange struct {
	// Method and URL are the request as sent.
	Method string
	URL    string
	// FinalURL is the URL that answered after same-origin redirects; empty
	// when there were none.
	FinalURL string
	// RequestHeader and RequestBody are the request as sent (Go's transport
	// may add Host, Content-Length and Accept-Encoding).
	RequestHeader http.Header
	RequestBody   []byte
	// Proto, StatusCode and Status ("201 Created") describe the response;
	// StatusCode is 0 when none arrived.
	Proto      string
	StatusCode int
	Status     string
	// ResponseHeader and ResponseBody are the response; the body is at most
	// Options.MaxBodyBytes long.
	ResponseHeader http.Header
	ResponseBody   []byte
	// Started is when the request was sent; Duration runs to the last body
	// byte or the failure.
	Started  time.Time
	Duration time.Duration
	// Err is the error Do returned, nil on success.
	Err error

	redactor *redact.Redactor
	insecure bool
	timeout  time.Duration
}

// fail records an *Error on ex and returns it.
func (ex *Exchange) fail(kind Kind, detail string, cause error) error {
	e := &Error{
		Kind:   kind,
		Method: ex.Method,
		URL:    ex.redactor.String(ex.URL),
		Detail: ex.redactor.String(detail),
		Err:    cause,
	}
	ex.Err = e
	return e
}

// Transcript renders the exchange as text: request lines prefixed "> ",
// response lines "< ", an error as "! ". Sensitive headers, configured
// secrets, bearer credentials and JWTs are replaced by redact.Mask; bodies
// longer than 8 KiB are cut.
func (ex *Exchange) Transcript() string {
	var b strings.Builder
	fmt.Fprintf(&b, "> %s %s\n", ex.Method, ex.URL)
	writeHeaders(&b, "> ", ex.RequestHeader)
	writeBody(&b, "> ", ex.RequestBody, ex.redactor)
	if ex.StatusCode != 0 {
		fmt.Fprintf(&b, "< %s %s (%s)\n", ex.Proto, ex.Status, ex.Duration.Round(time.Millisecond))
		if ex.FinalURL != "" {
			fmt.Fprintf(&b, "< (after redirects, from %s)\n", ex.FinalURL)
		}
		writeHeaders(&b, "< ", ex.ResponseHeader)
		writeBody(&b, "< ", ex.ResponseBody, ex.redactor)
	}
	if ex.Err != nil {
		fmt.Fprintf(&b, "! %s\n", ex.Err)
	}
	return ex.redactor.String(b.String())
}

// Curl returns a curl command line that repeats the request, with the
// bearer token replaced by $TOKEN.
func (ex *Exchange) Curl() string { return ex.CurlWithToken("$TOKEN") }

// CurlWithToken is Curl with the token replaced by placeholder, typically
// a shell variable such as "$ISOCONFORM_TOKEN_SECURITY_ADMINISTRATOR". The
// Authorization header is double-quoted so the shell expands it.
func (ex *Exchange) CurlWithToken(placeholder string) string {
	parts := []string{"curl", "-sS", "-i"}
	if ex.insecure {
		parts = append(parts, "-k")
	}
	if ex.timeout > 0 {
		parts = append(parts, "--max-time", fmt.Sprint(int(ex.timeout.Seconds()+0.999)))
	}
	parts = append(parts, "-X", ex.Method, shellQuote(ex.URL))
	for _, name := range sortedKeys(ex.RequestHeader) {
		switch http.CanonicalHeaderKey(name) {
		case "User-Agent", "Content-Length", "Host", "Accept-Encoding":
			continue
		case "Authorization":
			v := ex.RequestHeader.Get(name)
			if scheme, _, ok := strings.Cut(v, " "); ok {
				parts = append(parts, "-H", `"Authorization: `+scheme+" "+placeholder+`"`)
			} else {
				parts = append(parts, "-H", `"Authorization: `+placeholder+`"`)
			}
			continue
		}
		for _, v := range ex.RequestHeader.Values(name) {
			if isSensitive(name) {
				v = redact.Mask
			}
			parts = append(parts, "-H", shellQuote(name+": "+v))
		}
	}
	if len(ex.RequestBody) > 0 {
		parts = append(parts, "--data-raw", shellQuote(string(ex.RequestBody)))
	}
	return ex.redactor.String(strings.Join(parts, " "))
}

func writeHeaders(b *strings.Builder, prefix string, h http.Header) {
	for _, name := range sortedKeys(h) {
		for _, v := range h.Values(name) {
			if isSensitive(name) {
				v = maskCredential(v)
			}
			fmt.Fprintf(b, "%s%s: %s\n", prefix, name, v)
		}
	}
}

// writeBody writes body, its secrets hidden by red before it is cut to transcriptBodyLimit:
// a cut made first could split a secret (or its escaped form) so that its first part is no
// longer recognised. The count of bytes left out is of the redacted text.
func writeBody(b *strings.Builder, prefix string, body []byte, red *redact.Redactor) {
	if len(body) == 0 {
		return
	}
	b.WriteString(prefix + "\n")
	if !utf8.Valid(body) {
		fmt.Fprintf(b, "%s[%d bytes, not UTF-8 text]\n", prefix, len(body))
		return
	}
	// Only a window past the cut is redacted: any secret that crosses the cut, even escaped
	// three times over, ends inside it, and a large body is not decoded whole.
	window, beyond := body, 0
	if len(window) > transcriptRedactWindow {
		window, beyond = window[:transcriptRedactWindow], len(window)-transcriptRedactWindow
		for !utf8.Valid(window) {
			window, beyond = window[:len(window)-1], beyond+1
		}
	}
	shown, rest := red.String(string(window)), beyond
	if len(shown) > transcriptBodyLimit {
		cut := transcriptBodyLimit
		for cut > 0 && !utf8.RuneStart(shown[cut]) { // do not cut a rune in half
			cut--
		}
		shown, rest = shown[:cut], rest+len(shown)-cut
	}
	for _, line := range strings.Split(strings.TrimRight(shown, "\n"), "\n") {
		b.WriteString(prefix + line + "\n")
	}
	if rest > 0 {
		fmt.Fprintf(b, "%s[... %d more bytes]\n", prefix, rest)
	}
}

// maskCredential keeps an authorization scheme ("Bearer") and hides the rest.
func maskCredential(v string) string {
	if scheme, _, ok := strings.Cut(v, " "); ok && !strings.ContainsAny(scheme, "=;") {
		return scheme + " " + redact.Mask
	}
	return redact.Mask
}

// isSensitive reports whether a header carries credentials and is shown as
// redact.Mask whatever its value.
func isSensitive(name string) bool {
	switch http.CanonicalHeaderKey(name) {
	case "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie":
		return true
	}
	return false
}

func sortedKeys(h http.Header) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// shellQuote quotes s for a POSIX shell with single quotes.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

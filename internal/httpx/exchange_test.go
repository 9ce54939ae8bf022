package httpx

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/internal/redact"
)

// canary is a token value that must never appear in any rendering.
const canary = "CANARY-2c1f9e-token"

func isolate(t *testing.T, opts Options, handler http.HandlerFunc) *Exchange {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/api/machines/abc/isolate",
		strings.NewReader(`{"Comment":"it's a test","IsolationType":"Full"}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+canary)
	req.Header.Set("Content-Type", "application/json")
	ex, err := New(opts).Do(context.Background(), req)
	require.NoError(t, err)
	return ex
}

func TestTranscriptShowsTheExchangeWithoutSecrets(t *testing.T) {
	ex := isolate(t, Options{Secrets: []string{canary}}, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Set-Cookie", "session=abc")
		w.WriteHeader(http.StatusCreated)
		// A hostile target echoing the token back.
		_, _ = io.WriteString(w, `{"id":"1","echo":"`+canary+`"}`)
	})
	tr := ex.Transcript()
	assert.NotContains(t, tr, canary)
	assert.NotContains(t, tr, "session=abc")
	assert.Contains(t, tr, "> POST "+ex.URL+"\n")
	assert.Contains(t, tr, "> Authorization: Bearer "+redact.Mask+"\n")
	assert.Contains(t, tr, `> {"Comment":"it's a test","IsolationType":"Full"}`)
	assert.Contains(t, tr, "< HTTP/1.1 201 Created (")
	assert.Contains(t, tr, `"echo":"`+redact.Mask+`"`)
}

func TestAuthorizationIsHiddenEvenWithoutConfiguredSecrets(t *testing.T) {
	ex := isolate(t, Options{}, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusCreated) })
	assert.NotContains(t, ex.Transcript(), canary)
	assert.NotContains(t, ex.Curl(), canary)
}

func TestCurlReproducesTheRequestWithAPlaceholder(t *testing.T) {
	ex := isolate(t, Options{Timeout: 2500 * time.Millisecond, Secrets: []string{canary}},
		func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusCreated) })
	want := `curl -sS -i --max-time 3 -X POST '` + ex.URL + `' -H "Authorization: Bearer $TOKEN"` +
		` -H 'Content-Type: application/json' --data-raw '{"Comment":"it'\''s a test","IsolationType":"Full"}'`
	assert.Equal(t, want, ex.Curl())
	assert.Contains(t, ex.CurlWithToken("$ISOCONFORM_TOKEN_NO_ROLE"), `"Authorization: Bearer $ISOCONFORM_TOKEN_NO_ROLE"`)
}

func TestTranscriptCutsLongAndBinaryBodies(t *testing.T) {
	long := isolate(t, Options{}, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, strings.Repeat("a", transcriptBodyLimit+10))
	})
	assert.Contains(t, long.Transcript(), "< [... 10 more bytes]\n")

	binary := isolate(t, Options{}, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte{0xff, 0xfe, 0x00})
	})
	assert.Contains(t, binary.Transcript(), "< [3 bytes, not UTF-8 text]\n")
}

func TestTranscriptOfAFailedExchangeEndsWithTheError(t *testing.T) {
	ex, err := New(Options{}).Do(context.Background(), httptest.NewRequest(http.MethodGet, "http://127.0.0.1:1/x", nil))
	require.Error(t, err)
	assert.True(t, strings.HasSuffix(ex.Transcript(), "! "+err.Error()+"\n"), ex.Transcript())
}

func TestFormatBytes(t *testing.T) {
	assert.Equal(t, "1 MiB", formatBytes(1<<20))
	assert.Equal(t, "512 KiB", formatBytes(512<<10))
	assert.Equal(t, "1000 bytes", formatBytes(1000))
}

// A secret echoed escaped across the point where the transcript cuts a body is hidden whole:
// the body is redacted before it is cut, so no first half of the escaped form is shown.
func TestTranscriptHidesASecretThatCrossesTheCut(t *testing.T) {
	var escaped strings.Builder
	for _, c := range []byte(canary) {
		fmt.Fprintf(&escaped, `\u%04x`, c)
	}
	head := escaped.String()[:12] // the first two escapes
	for _, before := range []int{transcriptBodyLimit - 6, transcriptBodyLimit - len(escaped.String())/2, transcriptBodyLimit - 1} {
		body := strings.Repeat("a", before) + escaped.String() + strings.Repeat("b", 100)
		ex := isolate(t, Options{Secrets: []string{canary}}, func(w http.ResponseWriter, _ *http.Request) {
			_, _ = io.WriteString(w, body)
		})
		got := ex.Transcript()
		assert.NotContains(t, got, head, "the escaped secret starts %d bytes into the body", before)
		assert.Contains(t, got, "more bytes]", "the body is still cut")
	}
	huge := isolate(t, Options{}, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, strings.Repeat("a", transcriptRedactWindow+20))
	})
	assert.Contains(t, huge.Transcript(), fmt.Sprintf("< [... %d more bytes]\n", transcriptRedactWindow+20-transcriptBodyLimit), "bytes past the redacted window are counted")
}

package mock

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/isoconform/isoconform/internal/guid"
	"github.com/isoconform/isoconform/spec"
)

// serveFault answers r as f says; serve serves it normally.
func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, f Fault, serve http.HandlerFunc) {
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	if f.Drop {
		dropConnection(w)
		return
	}
	switch {
	case f.Status != 0:
		out := w
		var buf *bufferWriter
		if f.Malformed {
			buf = newBufferWriter()
			out = buf
		}
		s.writeFaultStatus(out, r, f)
		if buf != nil {
			buf.flushCut(w)
		}
	case f.Malformed:
		buf := newBufferWriter()
		serve(buf, r)
		buf.flushCut(w)
	default:
		serve(w, r)
	}
}

// dropConnection closes the client connection without writing anything.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// HTTP/2 or a recorder: abort the handler, which resets the stream unanswered.
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// writeFaultStatus writes the status answer of f: the Defender envelope under the API, an
// Entra ID error body elsewhere.
func (s *Server) writeFaultStatus(w http.ResponseWriter, r *http.Request, f Fault) {
	retry := f.RetryAfter
	if retry == 0 && f.Status == http.StatusTooManyRequests {
		retry = 1
	}
	if retry > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(retry))
	}
	code, message := faultCode(f.Status, retry)
	if f.Code != "" {
		code = f.Code
	}
	if f.Message != "" {
		message = f.Message
	}
	p, isAPI := spec.ProfileOfPath(r.URL.Path)
	if !isAPI {
		w.Header().Set("Cache-Control", "no-store, no-cache")
		w.Header().Set("Content-Type", contentTypeJSON)
		correlation := guid.New()
		name := "invalid_request"
		switch {
		case f.Status == http.StatusTooManyRequests || f.Status == http.StatusServiceUnavailable:
			name = "temporarily_unavailable"
		case f.Status >= 500:
			name = "server_error"
		case f.Status == http.StatusUnauthorized:
			name = "invalid_client"
		}
		writeJSONBody(w, f.Status, map[string]any{
			"error": name, "error_description": message, "error_codes": []int{},
			"timestamp": s.now().UTC().Format("2006-01-02 15:04:05Z"), "trace_id": guid.New(), "correlation_id": correlation,
		})
		return
	}
	s.writeError(w, p, guid.New(), apiError{f.Status, code, message})
}

// faultCode returns the error code and message of a status.
func faultCode(status, retryAfter int) (string, string) {
	switch status {
	case http.StatusBadRequest:
		return codeBadRequest, "The request is invalid."
	case http.StatusUnauthorized:
		return codeUnauthorized, "Authorization token is not valid."
	case http.StatusForbidden:
		return codeForbidden, "The caller does not have the permission to access the resource."
	case http.StatusNotFound:
		return codeNotFound, "No HTTP resource was found that matches the request URI."
	case http.StatusTooManyRequests:
		return codeTooManyRequests, "Rate limit is exceeded. Try again in " + strconv.Itoa(retryAfter) + " seconds."
	case http.StatusInternalServerError:
		return codeInternalServerError, "An unexpected error occurred."
	case http.StatusServiceUnavailable:
		return "ServiceUnavailable", "The service is temporarily unavailable."
	}
	return strings.ReplaceAll(http.StatusText(status), " ", ""), http.StatusText(status) + "."
}

// bufferWriter keeps an answer in memory so that it can be cut.
type bufferWriter struct {
	header http.Header
	status int
	body   []byte
}

func newBufferWriter() *bufferWriter { return &bufferWriter{header: http.Header{}} }

func (b *bufferWriter) Header() http.Header { return b.header }

func (b *bufferWriter) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *bufferWriter) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	if len(b.body)+len(p) > MaxBodyBytes {
		return 0, errors.New("mock: answer too large to buffer")
	}
	b.body = append(b.body, p...)
	return len(p), nil
}

// flushCut writes the buffered answer to w with its body cut in half.
func (b *bufferWriter) flushCut(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range b.header {
		h[k] = v
	}
	cut := b.body[:len(b.body)/2]
	h.Set("Content-Length", strconv.Itoa(len(cut)))
	status := b.status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = w.Write(cut)
}

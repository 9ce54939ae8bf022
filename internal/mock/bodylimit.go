package mock

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"sync/atomic"

	"github.com/isoconform/isoconform/internal/guid"
)

// freeBodyBytes bounds what the mock holds of each request's body outside the shared budget.
const (
	// freeBodyBytes is what any one request may hold without drawing on the shared budget: an
	// isolate body is far smaller, so a flood of large bodies never starves a normal request.
	// A started server bounds the connections too (Options.MaxConnections), and with them the
	// total of these allowances.
	freeBodyBytes = 16 << 10
)

// Errors of bodyBudget.read.
var (
	errBodyTooLarge = errors.New("mock: request body too large")
	errBodyBusy     = errors.New("mock: request body memory exhausted")
)

// bodyBudget is the memory request bodies may hold at once beyond each request's free
// allowance. It is safe for concurrent use.
type bodyBudget struct {
	max  int64
	used atomic.Int64
}

func newBodyBudget(max int64) *bodyBudget { return &bodyBudget{max: max} }

// reserve takes n bytes from the budget, or nothing and false when they are not there.
func (b *bodyBudget) reserve(n int64) bool {
	if b.used.Add(n) > b.max {
		b.used.Add(-n)
		return false
	}
	return true
}

// release gives back n reserved bytes.
func (b *bodyBudget) release(n int64) {
	if n > 0 {
		b.used.Add(-n)
	}
}

// inUse returns the bytes reserved now.
func (b *bodyBudget) inUse() int64 { return b.used.Load() }

// read reads r to its end, at most limit bytes (errBodyTooLarge beyond). declared is the
// Content-Length (-1 when unknown); a declared length above limit is refused before anything
// is read. Memory beyond freeBodyBytes is reserved from the budget before it is allocated
// (errBodyBusy when the budget has no room). It returns what was read and the bytes reserved,
// which the caller releases once it no longer holds the body, also after an error.
func (b *bodyBudget) read(r io.Reader, declared, limit int64) (data []byte, reserved int64, err error) {
	if declared > limit {
		return nil, 0, errBodyTooLarge
	}
	// room makes sure buf can grow to capacity n, reserving what n needs beyond the allowance.
	room := func(n int) bool {
		if extra := int64(n) - freeBodyBytes - reserved; extra > 0 {
			if !b.reserve(extra) {
				return false
			}
			reserved += extra
		}
		return true
	}
	size := 512
	if declared >= 0 {
		size = int(declared) + 1 // one more byte shows a body longer than declared, or the end
	}
	if !room(size) {
		return nil, reserved, errBodyBusy
	}
	buf := make([]byte, 0, size)
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) > limit {
				return buf, reserved, errBodyTooLarge
			}
			next := int(min(int64(2*cap(buf)), limit+1))
			if !room(next) {
				return buf, reserved, errBodyBusy
			}
			grown := make([]byte, len(buf), next)
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return buf, reserved, err
		}
	}
	if int64(len(buf)) > limit {
		return buf, reserved, errBodyTooLarge
	}
	return buf, reserved, nil
}

// maxTokenBody bounds what the mock reads ahead of a token request (the token endpoint reads
// at most 64 KiB of a form itself).
const maxTokenBody = 64 << 10

// readAheadBounded reads r's body ahead, at most maxTokenBody+1 bytes, within the body budget,
// and puts what it read back in front of the rest; release gives the memory back. When the
// budget has no room it answers 503 with Retry-After and returns ok false.
func (s *Server) readAheadBounded(w http.ResponseWriter, r *http.Request) (body []byte, release func(), ok bool) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, func() {}, true
	}
	data, reserved, err := s.bodies.read(r.Body, r.ContentLength, maxTokenBody)
	release = func() { s.bodies.release(reserved) }
	if errors.Is(err, errBodyBusy) {
		release()
		w.Header().Set("Retry-After", "1")
		w.Header().Set("Connection", "close")
		s.writeError(w, "", guid.New(), apiError{http.StatusServiceUnavailable, codeServiceUnavailable,
			"The server is holding as many request bodies as it may; retry later."})
		return nil, nil, false
	}
	rest := r.Body
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(data), rest), rest}
	return data, release, true
}

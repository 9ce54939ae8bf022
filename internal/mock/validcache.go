package mock

import (
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// Bounds of a validBodies cache.
const (
	maxValidBodies   = 1024    // bodies remembered; when full it starts again empty
	maxValidBodySize = 4 << 10 // larger bodies are always validated
)

// validBodies remembers request bodies that passed validation against an operation with a
// content type, so that a client sending the same body again (an SDK under load sends the
// same few) skips the schema validation of the body, which is a pure function of these
// three; its parameters are still validated every time. Only valid bodies are remembered:
// a refused body is checked, and recorded as a violation, every time. It is safe for
// concurrent use.
type validBodies struct {
	mu    sync.Mutex
	known map[validBody]struct{}
}

type validBody struct {
	op                *openapi3.Operation
	contentType, body string
}

func newValidBodies() *validBodies { return &validBodies{known: make(map[validBody]struct{})} }

// has reports whether body passed validation against op with contentType before.
func (c *validBodies) has(op *openapi3.Operation, contentType string, body []byte) bool {
	if len(body) > maxValidBodySize {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.known[validBody{op, contentType, string(body)}]
	return ok
}

// add remembers a body that passed validation.
func (c *validBodies) add(op *openapi3.Operation, contentType string, body []byte) {
	if len(body) > maxValidBodySize {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.known) >= maxValidBodies {
		clear(c.known)
	}
	c.known[validBody{op, contentType, string(body)}] = struct{}{}
}

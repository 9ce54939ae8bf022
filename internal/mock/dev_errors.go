package mock

import (
	"net/http"
)

// errorDeviations are the deviations of the error envelope, duplicates and the rate limit, in
// catalogue order.
func errorDeviations() []*behaviour {
	both, _, currentOnly := profileSets()
	// A fault in the error envelope itself also breaks the requirements whose checks read an
	// error answer's code or message.
	flatReqs := []string{"ISO-ERR-001", "ISO-AUTH-006", "ISO-ERR-003", "ISO-MACH-001", "ISO-DUP-001", "ISO-RATE-001"}
	htmlReqs := []string{"ISO-ERR-001", "ISO-ERR-002", "ISO-AUTH-006", "ISO-ERR-003", "ISO-MACH-001", "ISO-DUP-001", "ISO-RATE-001"}
	return []*behaviour{
		{name: "error-shape-flat", description: `Every error body is {"code","message"} without the "error" wrapper and target.`,
			breaks: flatReqs, profiles: both, hooks: hooks{rewriteError: errorShaped(shapeFlat)}},
		{name: "error-target-missing", description: "Error envelopes lack the target (correlation id).",
			breaks: []string{"ISO-ERR-001"}, profiles: both, hooks: hooks{rewriteError: errorShaped(shapeNoTarget)}},
		{name: "html-error-content-type", description: "Error envelopes are labelled Content-Type text/html (the JSON body is unchanged).",
			breaks: []string{"ISO-ERR-002"}, profiles: both,
			hooks: hooks{rewriteError: func(e *errorAnswer) { e.contentType = "text/html; charset=utf-8" }}},
		{name: "html-error-page", description: "Every error is an HTML page (text/html) instead of the JSON envelope.",
			breaks: htmlReqs, profiles: both, hooks: hooks{rewriteError: errorShaped(shapeHTML)}},
		{name: "error-code-wrong", description: "400 answers carry the undocumented code ValidationFailed.",
			breaks: []string{"ISO-ERR-003"}, profiles: both,
			hooks: hooks{rewriteError: func(e *errorAnswer) {
				if e.status == http.StatusBadRequest {
					e.code = "ValidationFailed"
				}
			}}},
		{name: "duplicate-accepted", description: "A second isolate of a machine whose isolation is pending creates a second action (201, new id).",
			breaks: []string{"ISO-DUP-001"}, profiles: both,
			hooks: hooks{lifecycle: func(l *lifecycle) {
				l.admit = func(a, _ *action) bool { return a.kind == typeIsolate }
			}}},
		{name: "no-rate-limit", description: "No rate limit: calls beyond 100 per minute are served.",
			breaks: []string{"ISO-RATE-001"}, profiles: currentOnly, hooks: hooks{unthrottled: true}},
		{name: "rate-limit-no-retry-after", description: "429 answers lack the Retry-After header.",
			breaks: []string{"ISO-RATE-001"}, profiles: currentOnly,
			hooks: hooks{rewriteError: func(e *errorAnswer) {
				if e.status == http.StatusTooManyRequests {
					e.header.Del("Retry-After")
				}
			}}},
	}
}

// errorShaped is a rewriteError hook that writes every error in shape.
func errorShaped(shape errorShape) func(*errorAnswer) {
	return func(e *errorAnswer) { e.shape = shape }
}

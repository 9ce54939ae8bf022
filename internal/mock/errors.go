package mock

import (
	"encoding/json"
	"html"
	"net/http"
	"strconv"

	"github.com/isoconform/isoconform/spec"
)

// The error codes of the Defender for Endpoint common-errors page, and the duplicate code third
// party clients look for.
const (
	codeBadRequest          = "BadRequest"
	codeODataError          = "ODataError"
	codeInvalidInput        = "InvalidInput"
	codeInvalidRequestBody  = "InvalidRequestBody"
	codeMissingParameter    = "MissingRequiredParameter"
	codeActiveRequestExists = "ActiveRequestAlreadyExists"
	codeUnauthorized        = "Unauthorized"
	codeForbidden           = "Forbidden"
	codeNotFound            = "NotFound"
	codeResourceNotFound    = "ResourceNotFound"
	codeMethodNotAllowed    = "MethodNotAllowed"
	codeTooLarge            = "RequestEntityTooLarge"
	codeUnsupportedMedia    = "UnsupportedMediaType"
	codeTooManyRequests     = "TooManyRequests"
	codeInternalServerError = "InternalServerError"
	codeServiceUnavailable  = "ServiceUnavailable"
	codeMisdirected         = "MisdirectedRequest"
)

// contentTypeJSON is the media type of every JSON answer.
const contentTypeJSON = "application/json; charset=utf-8"

// apiError is an error answer about to be written.
type apiError struct {
	status  int
	code    string
	message string
}

// writeError writes e in the Defender envelope with target the correlation id, after the
// rewriteError hooks of the behaviours active in profile p (empty outside the API: active in
// any profile).
func (s *Server) writeError(w http.ResponseWriter, p spec.Profile, correlation string, e apiError) {
	a := errorAnswer{apiError: e, header: w.Header(), contentType: contentTypeJSON}
	for _, b := range s.behaviours.in(p) {
		if b.rewriteError != nil {
			b.rewriteError(&a)
		}
	}
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	if a.shape == shapeHTML {
		h.Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(a.status)
		_, _ = w.Write([]byte("<!DOCTYPE html><html><head><title>" + strconv.Itoa(a.status) + " " +
			html.EscapeString(http.StatusText(a.status)) + "</title></head><body><h1>" +
			html.EscapeString(a.code) + "</h1><p>" + html.EscapeString(a.message) + "</p></body></html>\n"))
		return
	}
	var body object
	switch a.shape {
	case shapeFlat:
		body = object{{"code", a.code}, {"message", a.message}}
	case shapeNoTarget:
		body = object{{"error", append(object{{"code", a.code}, {"message", a.message}}, a.extra...)}}
	default:
		body = object{{"error", append(object{{"code", a.code}, {"message", a.message}, {"target", correlation}}, a.extra...)}}
	}
	h.Set("Content-Type", a.contentType)
	writeJSONBody(w, a.status, body)
}

// writeJSONBody marshals v and writes it with status; Content-Type must be set already.
func writeJSONBody(w http.ResponseWriter, status int, v any) {
	var b []byte
	var err error
	if o, ok := v.(object); ok {
		b, err = o.appendJSON(make([]byte, 0, 1024))
	} else {
		b, err = json.Marshal(v)
	}
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"error":{"code":"InternalServerError","message":"The response could not be encoded.","target":""}}`)
	}
	b = append(b, '\n')
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

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
)

// contentTypeJSON is the media type of every JSON answer.
const contentTypeJSON = "application/json; charset=utf-8"

// apiError is an error answer about to be written.
type apiError struct {
	status  int
	code    string
	message string
}

// envelope is the Defender error body: {"error":{"code","message","target"}}.
type envelope struct {
	Error envelopeBody `json:"error"`
}

type envelopeBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Target  string `json:"target"`
}

// writeError writes e in the Defender envelope with target the correlation id, unless a
// deviation of profile p (empty outside the API) changes the shape.
func (s *Server) writeError(w http.ResponseWriter, p spec.Profile, correlation string, e apiError) {
	on := func(name string) bool {
		if p == "" {
			return s.dev.on(name, spec.Preview2017) || s.dev.on(name, spec.Current)
		}
		return s.dev.on(name, p)
	}
	onVariant := func(name string) bool {
		if p == "" {
			return s.vari.on(name, spec.Preview2017) || s.vari.on(name, spec.Current)
		}
		return s.vari.on(name, p)
	}
	code := e.code
	switch {
	case e.status == http.StatusBadRequest && on(devErrorCodeWrong):
		code = "ValidationFailed"
	case e.status == http.StatusUnauthorized && on(devAuthCodeWrong):
		code = "InvalidAuthenticationToken"
	case e.status == http.StatusForbidden && on(devAuthCodeWrong):
		code = "Authorization_RequestDenied"
	}
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	if on(devHTMLErrorPage) {
		h.Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(e.status)
		_, _ = w.Write([]byte("<!DOCTYPE html><html><head><title>" + strconv.Itoa(e.status) + " " +
			html.EscapeString(http.StatusText(e.status)) + "</title></head><body><h1>" +
			html.EscapeString(code) + "</h1><p>" + html.EscapeString(e.message) + "</p></body></html>\n"))
		return
	}
	var body any = envelope{Error: envelopeBody{Code: code, Message: e.message, Target: correlation}}
	switch {
	case on(devErrorShapeFlat):
		body = map[string]string{"code": code, "message": e.message}
	case on(devErrorTargetMissing) || onVariant(varErrorWithoutTarget):
		body = map[string]map[string]string{"error": {"code": code, "message": e.message}}
	}
	if on(devHTMLErrorType) {
		h.Set("Content-Type", "text/html; charset=utf-8")
	} else {
		h.Set("Content-Type", contentTypeJSON)
	}
	writeJSONBody(w, e.status, body)
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

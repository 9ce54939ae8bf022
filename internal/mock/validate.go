package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// Violation rules: which part of the contract a refused request broke.
const (
	ruleRoute          = "route"          // no such path (404) or method (405)
	ruleAuthentication = "authentication" // no valid bearer token (401)
	ruleAuthorization  = "authorization"  // no required role or permission (403)
	ruleBodyTooLarge   = "body-too-large" // over MaxBodyBytes (413)
	ruleContentType    = "content-type"   // not sent as application/json (415)
	ruleBody           = "request-body"   // malformed JSON or a schema violation (400)
	ruleParameter      = "parameter"      // a path or query parameter (400)
)

// readBody reads the body of an operation that has one, at most MaxBodyBytes: 413 beyond,
// and 503 with Retry-After when the bodies held by other requests leave no memory for it. It
// runs after authentication, authorization and throttling: a body is only read for a caller
// allowed to send it.
func (x *exchange) readBody() bool {
	if x.route.Operation.RequestBody == nil || x.r.Body == nil || x.r.Body == http.NoBody {
		return true
	}
	data, ok := x.readLimited(MaxBodyBytes)
	if !ok {
		return false
	}
	x.body = data
	x.s.observed(x.r, data)
	return true
}

// readLimited reads the request body, at most limit bytes, within the server's body memory
// budget; it answers 413, 503 or 400 and returns false when the body cannot be had. What it
// reserves is released when the exchange finishes.
func (x *exchange) readLimited(limit int64) ([]byte, bool) {
	data, reserved, err := x.s.bodies.read(x.r.Body, x.r.ContentLength, limit)
	x.reserved += reserved
	x.body = data // what was read, for the violation record
	switch {
	case err == nil:
		return data, true
	case errors.Is(err, errBodyTooLarge):
		x.w.Header().Set("Connection", "close")
		x.fail(apiError{http.StatusRequestEntityTooLarge, codeTooLarge,
			fmt.Sprintf("The request body is larger than %d bytes.", limit)}, ruleBodyTooLarge)
	case errors.Is(err, errBodyBusy):
		x.w.Header().Set("Retry-After", "1")
		x.w.Header().Set("Connection", "close")
		x.fail(apiError{http.StatusServiceUnavailable, codeServiceUnavailable,
			"The server is holding as many request bodies as it may; retry later."}, "")
	default:
		x.fail(apiError{http.StatusBadRequest, codeInvalidRequestBody, "The request body could not be read."}, ruleBody)
	}
	return nil, false
}

// validate checks the request against the operation in the OpenAPI document, with the
// document's string formats. It answers 415 for a body not sent as JSON and 400 naming the
// property for anything else, records the violation, and returns false on a violation.
func (x *exchange) validate() bool {
	if !x.acceptBody() {
		return false
	}
	req := x.r
	if x.body != nil {
		shallow := *x.r // only the body (and below the header) is replaced: no deep copy
		req = &shallow
		req.Body = io.NopCloser(bytes.NewReader(x.body))
		req.GetBody = nil
		req.ContentLength = int64(len(x.body))
		if x.bodyType != req.Header.Get("Content-Type") {
			req.Header = req.Header.Clone()
			req.Header.Set("Content-Type", x.bodyType)
		}
	}
	opts := x.s.validation
	contentType := req.Header.Get("Content-Type")
	known := x.body != nil && x.s.validBodies.has(x.route.Operation, contentType, x.body)
	if known {
		opts = x.s.validationNoBody
	}
	err := openapi3filter.ValidateRequest(req.Context(), &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: x.vars,
		Route:      x.route,
		Options:    opts,
	})
	if err == nil && !known && !singleJSONValue(x.body) {
		// kin-openapi decodes the first value and ignores what follows it.
		x.fail(apiError{http.StatusBadRequest, codeInvalidRequestBody,
			"Request body is incorrect: it is not valid JSON (exactly one JSON value in UTF-8, and nothing after it but white space)."}, ruleBody)
		return false
	}
	if err == nil {
		if x.body != nil && !known {
			x.s.validBodies.add(x.route.Operation, contentType, x.body)
		}
		return true
	}
	e, rule := classify(err)
	x.fail(e, rule)
	return false
}

// singleJSONValue reports whether body is empty (no body; the document decides whether one is
// required) or exactly one JSON value with nothing after it but white space, in UTF-8 (RFC
// 8259 section 8.1; encoding/json would take invalid bytes as U+FFFD).
func singleJSONValue(body []byte) bool {
	return len(bytes.TrimSpace(body)) == 0 || json.Valid(body) && utf8.Valid(body)
}

// issue is one problem found in a request.
type issue struct {
	kind     string // content-type, missing-body, decode, required, additional, enum, type, parameter, other
	property string
	text     string
}

// classify turns a validation error into the answer: 415 for the content type, else 400 with
// MissingRequiredParameter (a required property missing), InvalidInput (a value outside an
// enum), ODataError (a query option) or InvalidRequestBody; the message names the properties.
func classify(err error) (apiError, string) {
	var issues []issue
	collect(err, &issues)
	if len(issues) == 0 {
		issues = []issue{{kind: "other", text: "The request is not valid."}}
	}
	texts := make([]string, 0, len(issues))
	for _, is := range issues {
		if !slices.Contains(texts, is.text) {
			texts = append(texts, is.text)
		}
	}
	message := strings.Join(texts, " ")
	has := func(kind string) bool {
		return slices.ContainsFunc(issues, func(is issue) bool { return is.kind == kind })
	}
	switch {
	case has("content-type"):
		return apiError{http.StatusUnsupportedMediaType, codeUnsupportedMedia, message}, ruleContentType
	case has("parameter"):
		return apiError{http.StatusBadRequest, codeODataError, message}, ruleParameter
	case has("missing-body") || has("decode") || has("additional") || has("type") || has("other"):
		return apiError{http.StatusBadRequest, codeInvalidRequestBody, message}, ruleBody
	case has("required"):
		return apiError{http.StatusBadRequest, codeMissingParameter, message}, ruleBody
	default: // enum
		return apiError{http.StatusBadRequest, codeInvalidInput, message}, ruleBody
	}
}

// collect flattens err into issues.
func collect(err error, out *[]issue) {
	var multi openapi3.MultiError
	if errors.As(err, &multi) && !isSchemaError(err) {
		for _, e := range multi {
			collect(e, out)
		}
		return
	}
	var re *openapi3filter.RequestError
	if errors.As(err, &re) {
		switch {
		case re.Parameter != nil:
			*out = append(*out, issue{kind: "parameter", property: re.Parameter.Name,
				text: fmt.Sprintf("The query specified in the URI is not valid: %s %q is invalid.", re.Parameter.In, re.Parameter.Name)})
			return
		case strings.HasPrefix(re.Reason, "header Content-Type has unexpected value"):
			*out = append(*out, issue{kind: "content-type",
				text: "The request body must be sent with Content-Type application/json."})
			return
		case errors.Is(re.Err, openapi3filter.ErrInvalidRequired):
			*out = append(*out, issue{kind: "missing-body", text: "Request body is missing."})
			return
		case re.Err != nil:
			var parse *openapi3filter.ParseError
			if errors.As(re.Err, &parse) {
				*out = append(*out, issue{kind: "decode", text: "Request body is incorrect: it is not valid JSON."})
				return
			}
			collectSchema(re.Err, out)
			return
		}
		*out = append(*out, issue{kind: "other", text: "Request body is incorrect."})
		return
	}
	collectSchema(err, out)
}

func isSchemaError(err error) bool {
	var se *openapi3.SchemaError
	return errors.As(err, &se) && errors.Is(err, se)
}

// collectSchema flattens schema errors.
func collectSchema(err error, out *[]issue) {
	var multi openapi3.MultiError
	if errors.As(err, &multi) {
		for _, e := range multi {
			collectSchema(e, out)
		}
		return
	}
	var se *openapi3.SchemaError
	if !errors.As(err, &se) {
		*out = append(*out, issue{kind: "other", text: "Request body is incorrect."})
		return
	}
	pointer := se.JSONPointer()
	prop := strings.Join(pointer, ".")
	switch se.SchemaField {
	case "required":
		name := quoted(se.Reason)
		if name == "" {
			name = prop
		}
		*out = append(*out, issue{kind: "required", property: name, text: "Parameter " + name + " is missing."})
	case "additionalProperties", "properties": // kin-openapi reports an unsupported property under "properties"
		name := quoted(se.Reason)
		if name == "" {
			*out = append(*out, issue{kind: "other", property: prop, text: "Request body is incorrect: " + se.Reason + "."})
			return
		}
		*out = append(*out, issue{kind: "additional", property: name,
			text: "Request body is incorrect: property " + name + " is not supported (body parameters are case-sensitive)."})
	case "enum":
		*out = append(*out, issue{kind: "enum", property: prop,
			text: "Invalid input " + prop + ": allowed values are " + enumList(se.Schema) + "."})
	case "type", "nullable":
		if prop == "" {
			*out = append(*out, issue{kind: "type", text: "Request body is incorrect: it must be a JSON object."})
			return
		}
		*out = append(*out, issue{kind: "type", property: prop,
			text: "Request body is incorrect: " + prop + " must be a " + schemaType(se.Schema) + "."})
	default:
		*out = append(*out, issue{kind: "other", property: prop, text: "Request body is incorrect: " + prop + " " + se.Reason + "."})
	}
}

// quoted returns the first double-quoted word of s: kin-openapi names properties that way.
func quoted(s string) string {
	_, rest, ok := strings.Cut(s, `"`)
	if !ok {
		return ""
	}
	name, _, ok := strings.Cut(rest, `"`)
	if !ok {
		return ""
	}
	return name
}

func enumList(s *openapi3.Schema) string {
	if s == nil {
		return "(none)"
	}
	parts := make([]string, 0, len(s.Enum))
	for _, v := range s.Enum {
		parts = append(parts, fmt.Sprint(v))
	}
	return strings.Join(parts, ", ")
}

func schemaType(s *openapi3.Schema) string {
	if s == nil || s.Type == nil || len(s.Type.Slice()) == 0 {
		return "value of another type"
	}
	return s.Type.Slice()[0]
}

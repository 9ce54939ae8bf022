package steps

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/isoconform/isoconform/internal/httpx"
	"github.com/isoconform/isoconform/spec"
)

// violation is a response the OpenAPI document does not allow.
type violation struct {
	req      string // the requirement the violated rule belongs to
	path     string // JSON path in the body ("$" for the body itself), or "header Content-Type"
	reason   string
	exchange *httpx.Exchange
}

func (v violation) String() string {
	return fmt.Sprintf("schema violation at %s: %s", v.path, v.reason)
}

// operation names what the suite called, for validation and requirement attribution.
type operation int

const (
	opIsolate operation = iota
	opUnisolate
	opGetAction
	opListActions
	opGetMachine
	opListMachines
	opCancel
	opOther // an undocumented method or path
)

// okRequirement is the requirement a successful answer to op must meet.
func (op operation) okRequirement() string {
	switch op {
	case opIsolate:
		return reqAct001
	case opUnisolate:
		return reqUni001
	case opGetAction:
		return reqGet001
	case opListActions:
		return reqList001
	case opGetMachine:
		return reqMget001
	case opListMachines:
		return reqMlist001
	case opCancel:
		return reqCancel001
	}
	return ""
}

// machineActionFields maps a MachineAction property to the requirement that governs it.
func machineActionRequirement(p spec.Profile, field string) string {
	switch field {
	case "id":
		return reqAct001
	case "type":
		return reqAct002
	case "machineId":
		return reqAct003
	case "status":
		return reqAct004
	case "creationDateTimeUtc", p.LastUpdateField():
		return reqAct005
	case "requestor":
		return reqAct006
	case "@odata.context":
		return reqAct007
	case "scope":
		return reqAct008
	}
	return reqAct001
}

var missingProperty = regexp.MustCompile(`property "([^"]+)" is missing`)

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// validate checks one response against the profile's OpenAPI document: the route found by the
// router (its path relative to the profile's base path), or for an undocumented route or
// method, an error answer against components.schemas.ErrorResponse.
func (t *target) validate(ctx context.Context, op operation, method, rel string, ex *httpx.Exchange) []violation {
	if ex == nil || ex.StatusCode == 0 {
		return nil
	}
	u := "http://isoconform.invalid" + t.profile.BasePath() + rel
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return nil
	}
	route, params, err := t.router.FindRoute(req)
	var respRef *openapi3.ResponseRef
	if err == nil {
		respRef = route.Operation.Responses.Status(ex.StatusCode)
	}
	if err != nil || respRef == nil {
		if ex.StatusCode >= 400 {
			return t.validateError(ex)
		}
		return nil
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 ex.StatusCode,
		Header:                 ex.ResponseHeader,
		Body:                   io.NopCloser(bytes.NewReader(ex.ResponseBody)),
		Options: &openapi3filter.Options{
			MultiError:              true,
			SchemaValidationOptions: spec.SchemaOptions(),
		},
	}
	if err := openapi3filter.ValidateResponse(ctx, input); err != nil {
		return t.violations(op, ex, err)
	}
	return nil
}

// validateError checks an error answer to an undocumented route against ErrorResponse.
func (t *target) validateError(ex *httpx.Exchange) []violation {
	req := errorRequirement(ex.StatusCode)
	if !isJSON(ex.ResponseHeader.Get("Content-Type")) {
		return []violation{{req: reqErr002, path: "header Content-Type", reason: fmt.Sprintf("%q is not application/json", ex.ResponseHeader.Get("Content-Type")), exchange: ex}}
	}
	var v any
	if err := json.Unmarshal(ex.ResponseBody, &v); err != nil {
		return []violation{{req: req, path: "$", reason: "the body is not JSON: " + err.Error(), exchange: ex}}
	}
	err := t.errSchema.VisitJSON(v, append(spec.SchemaOptions(), openapi3.MultiErrors())...)
	if err == nil {
		return nil
	}
	return schemaViolations(err, ex, func(string) string { return req })
}

// errorRequirement is the requirement an error answer with status code must meet.
func errorRequirement(code int) string {
	if code == http.StatusInternalServerError {
		return reqErr004
	}
	return reqErr001
}

// violations turns a kin-openapi response error into violations with JSON paths.
func (t *target) violations(op operation, ex *httpx.Exchange, err error) []violation {
	var re *openapi3filter.ResponseError
	if errors.As(err, &re) && re.Err == nil {
		if ex.StatusCode >= 400 {
			req := errorRequirement(ex.StatusCode)
			if strings.Contains(re.Reason, "Content-Type") {
				req = reqErr002
			}
			return []violation{{req: req, path: "header Content-Type", reason: re.Reason, exchange: ex}}
		}
		req := op.okRequirement()
		if op == opIsolate && strings.Contains(re.Reason, "Content-Type") {
			req = reqHdr002
		}
		return []violation{{req: req, path: "header Content-Type", reason: re.Reason, exchange: ex}}
	}
	reqOf := func(field string) string {
		switch {
		case ex.StatusCode >= 400:
			return errorRequirement(ex.StatusCode)
		case op == opIsolate:
			if field == "" {
				return reqAct001
			}
			return machineActionRequirement(t.profile, field)
		}
		return op.okRequirement()
	}
	if ex.StatusCode == http.StatusTooManyRequests {
		reqOf = func(string) string { return reqRate001 }
	}
	if vs := schemaViolations(err, ex, reqOf); len(vs) > 0 {
		return vs
	}
	return []violation{{req: reqOf(""), path: "$", reason: err.Error(), exchange: ex}}
}

// schemaViolations flattens schema errors into violations naming the JSON path.
func schemaViolations(err error, ex *httpx.Exchange, reqOf func(field string) string) []violation {
	var out []violation
	var walk func(error)
	walk = func(err error) {
		var me openapi3.MultiError
		if errors.As(err, &me) {
			for _, e := range me {
				walk(e)
			}
			return
		}
		var se *openapi3.SchemaError
		if !errors.As(err, &se) {
			if err != nil {
				out = append(out, violation{req: reqOf(""), path: "$", reason: err.Error(), exchange: ex})
			}
			return
		}
		ptr, missing := violationPointer(se)
		var req string
		switch {
		case missing && len(ptr) == 1:
			// A required top-level property is absent: the body's requirement, or for a
			// MachineAction the one that lists its required properties.
			if req = reqOf(""); req == reqAct001 {
				req = reqAct009
			}
		case len(ptr) > 0:
			req = reqOf(ptr[0])
		default:
			req = reqOf("")
		}
		out = append(out, violation{req: req, path: jsonPath(ptr), reason: se.Reason, exchange: ex})
	}
	walk(err)
	return out
}

// violationPointer returns the JSON pointer of a schema error and whether it is a missing
// property: kin-openapi's pointer of a "required" error names the missing property in some
// versions and not in others, so it is named here exactly once.
func violationPointer(se *openapi3.SchemaError) ([]string, bool) {
	ptr := se.JSONPointer()
	if se.SchemaField != "required" {
		return ptr, false
	}
	m := missingProperty.FindStringSubmatch(se.Reason)
	if m == nil {
		return ptr, false
	}
	if len(ptr) == 0 || ptr[len(ptr)-1] != m[1] {
		ptr = append(ptr, m[1])
	}
	return ptr, true
}

// jsonPath renders a JSON pointer as $.a.b[0] ($['@odata.context'] for odd names).
func jsonPath(ptr []string) string {
	var b strings.Builder
	b.WriteString("$")
	for _, p := range ptr {
		switch {
		case isIndex(p):
			b.WriteString("[" + p + "]")
		case identifier.MatchString(p):
			b.WriteString("." + p)
		default:
			b.WriteString("['" + p + "']")
		}
	}
	return b.String()
}

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// isJSON reports whether a Content-Type is application/json (parameters allowed).
func isJSON(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/json"
}

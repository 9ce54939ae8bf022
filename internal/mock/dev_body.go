package mock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/isoconform/isoconform/spec"
)

// bodyDeviations are the deviations of the request headers and body, in catalogue order.
func bodyDeviations() []*behaviour {
	both, previewOnly, currentOnly := profileSets()
	return []*behaviour{
		{name: "content-type-ignored", description: "The request Content-Type is not checked: a JSON body sent as text/plain (or without a type) is accepted.",
			breaks: []string{"ISO-HDR-001"}, profiles: both,
			hooks: hooks{body: func(x *exchange, b *requestBody) *answer {
				if x.op.kind == opIsolate && b.data != nil {
					b.contentType = "application/json"
				}
				return nil
			}}},
		{name: "html-content-type", description: "A successful isolate's JSON body is labelled Content-Type text/html.",
			breaks: []string{"ISO-HDR-002"}, profiles: both,
			hooks: hooks{respond: func(x *exchange, r *answer) {
				if created(x, r) {
					r.contentType = "text/html; charset=utf-8"
				}
			}}},
		{name: "missing-comment-accepted", description: "An isolate body without Comment is accepted (requestorComment empty).",
			breaks: []string{"ISO-BODY-001"}, profiles: both,
			hooks: hooks{body: isolateBody(func(_ *exchange, b *requestBody, m map[string]any) {
				if _, ok := m["Comment"]; !ok {
					b.set("Comment", "")
				}
			})}},
		{name: "comment-number-accepted", description: "A Comment that is not a string (number, object, null) is accepted and echoed as its JSON text.",
			breaks: []string{"ISO-BODY-002"}, profiles: both,
			hooks: hooks{body: isolateBody(func(_ *exchange, b *requestBody, m map[string]any) {
				if c, ok := m["Comment"]; ok {
					if _, isString := c.(string); !isString {
						text, _ := json.Marshal(c)
						b.set("Comment", string(text))
					}
				}
			})}},
		{name: "lowercase-comment-accepted", description: "The Comment property name is matched case-insensitively (comment, COMMENT accepted).",
			breaks: []string{"ISO-BODY-003"}, profiles: both,
			hooks: hooks{body: isolateBody(func(_ *exchange, b *requestBody, _ map[string]any) { b.renameFold("Comment") })}},
		{name: "malformed-json-500", description: "An isolate body that is not valid JSON is answered 500 InternalServerError.",
			breaks: []string{"ISO-BODY-004", "ISO-EX-001"}, profiles: both,
			hooks: hooks{body: func(x *exchange, b *requestBody) *answer {
				if x.op.kind == opIsolate && len(bytes.TrimSpace(b.data)) > 0 && !json.Valid(b.data) {
					return &answer{fail: &apiError{http.StatusInternalServerError, codeInternalServerError, "An unexpected error occurred."}}
				}
				return nil
			}}},
		{name: "wrong-comment-echo", description: "requestorComment echoes the Comment with a trailing space (the 2017 example's defect).",
			breaks: []string{"ISO-BODY-005"}, profiles: both,
			hooks: hooks{respond: func(x *exchange, r *answer) {
				if created(x, r) {
					r.body = r.body.set("requestorComment", r.action.comment+" ")
				}
			}}},
		{name: "full-refused", description: "IsolationType Full is refused 400 InvalidInput.",
			breaks: []string{"ISO-TYPE-001", "ISO-EX-002"}, profiles: both, hooks: hooks{accept: refuseIsolationType("Full")}},
		{name: "selective-refused", description: "IsolationType Selective is refused 400 InvalidInput.",
			breaks: []string{"ISO-TYPE-002"}, profiles: both, hooks: hooks{accept: refuseIsolationType("Selective")}},
		{name: "unmanaged-refused", description: "IsolationType UnManagedDevice is refused 400 InvalidInput.",
			breaks: []string{"ISO-TYPE-003"}, profiles: currentOnly, hooks: hooks{accept: refuseIsolationType("UnManagedDevice")}},
		{name: "absent-type-refused", description: "An isolate body without IsolationType is refused 400 MissingRequiredParameter.",
			breaks: []string{"ISO-TYPE-004"}, profiles: both,
			hooks: hooks{accept: func(_ *exchange, iso *isolation) *apiError {
				if iso.kind == typeIsolate && iso.isolationType == "" && iso.scope == nil {
					return &apiError{http.StatusBadRequest, codeMissingParameter, "Parameter IsolationType is missing."}
				}
				return nil
			}}},
		{name: "unknown-type-accepted", description: "An IsolationType that matches no known value in any case (Partial, empty, a number) is accepted.",
			breaks: []string{"ISO-TYPE-005"}, profiles: both,
			hooks: hooks{body: isolateBody(func(_ *exchange, b *requestBody, m map[string]any) {
				t, ok := m["IsolationType"]
				s, isString := t.(string)
				if ok && !(isString && slices.ContainsFunc(spec.Current.IsolationTypes(), func(v string) bool { return strings.EqualFold(v, s) })) {
					b.scope = ptr(fmt.Sprint(t))
					b.remove("IsolationType")
				}
			})}},
		{name: "lowercase-type-accepted", description: "IsolationType values are matched case-insensitively (full, SELECTIVE accepted).",
			breaks: []string{"ISO-TYPE-006"}, profiles: both,
			hooks: hooks{body: isolateBody(func(x *exchange, b *requestBody, m map[string]any) {
				s, isString := m["IsolationType"].(string)
				if !isString || slices.Contains(x.profile.IsolationTypes(), s) {
					return
				}
				for _, v := range x.profile.IsolationTypes() {
					if strings.EqualFold(v, s) {
						b.set("IsolationType", v)
					}
				}
			})}},
		{name: "unmanaged-accepted-preview", description: "The preview accepts IsolationType UnManagedDevice, a value added in 2025.",
			breaks: []string{"ISO-TYPE-007"}, profiles: previewOnly,
			hooks: hooks{body: isolateBody(func(_ *exchange, b *requestBody, m map[string]any) {
				if s, _ := m["IsolationType"].(string); s == "UnManagedDevice" {
					b.scope = &s
					b.remove("IsolationType")
				}
			})}},
		{name: "lowercase-type-property-accepted", description: "The IsolationType property name is matched case-insensitively (isolationType accepted).",
			breaks: []string{"ISO-TYPE-008"}, profiles: both,
			hooks: hooks{body: isolateBody(func(_ *exchange, b *requestBody, _ map[string]any) { b.renameFold("IsolationType") })}},
	}
}

// isolateBody is a body hook that rewrites an isolate body that is a JSON object.
func isolateBody(rewrite func(x *exchange, b *requestBody, m map[string]any)) func(*exchange, *requestBody) *answer {
	return func(x *exchange, b *requestBody) *answer {
		if x.op.kind != opIsolate {
			return nil
		}
		if m, ok := b.object(); ok {
			rewrite(x, b, m)
		}
		return nil
	}
}

// refuseIsolationType refuses an isolate asking for the IsolationType t.
func refuseIsolationType(t string) func(*exchange, *isolation) *apiError {
	return func(_ *exchange, iso *isolation) *apiError {
		if iso.kind == typeIsolate && iso.isolationType == t {
			return &apiError{http.StatusBadRequest, codeInvalidInput, "Invalid input IsolationType: " + t + " is not supported."}
		}
		return nil
	}
}

// created reports whether r is the 201 answer of an isolate, with the action's body.
func created(x *exchange, r *answer) bool {
	return x.succeeded(r, opIsolate) && r.action != nil && r.body != nil
}

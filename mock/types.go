package mock

import (
	"slices"
	"time"

	imock "github.com/isoconform/isoconform/internal/mock"
	"github.com/isoconform/isoconform/spec"
)

// Client verdict rules, the stable names Verdict.Rule takes.
const (
	// RuleMissingAuthorization: an API request without an Authorization header.
	RuleMissingAuthorization = imock.RuleMissingAuthorization
	// RuleWrongAudience: a token, otherwise valid, issued for another audience than the API's.
	RuleWrongAudience = imock.RuleWrongAudience
	// RuleLowercaseProperty: a body property named with the wrong case (comment, isolationType).
	RuleLowercaseProperty = imock.RuleLowercaseProperty
	// RuleIsolationTypeNotInEnum: an IsolationType outside the profile's values.
	RuleIsolationTypeNotInEnum = imock.RuleIsolationTypeNotInEnum
	// RuleRetryBeforeRetryAfter: a request sent before an earlier answer's Retry-After elapsed.
	RuleRetryBeforeRetryAfter = imock.RuleRetryBeforeRetryAfter
	// RuleDuplicateIsolate: an isolate repeated while the isolation its 201 created is pending.
	RuleDuplicateIsolate = imock.RuleDuplicateIsolate
	// RuleNonJSONContentType: a body sent with a Content-Type other than application/json.
	RuleNonJSONContentType = imock.RuleNonJSONContentType
)

// Verdict is one thing a client did wrong, with how often: one per client and rule.
type Verdict struct {
	// Client is the token's application id, else its object id, else "anonymous".
	Client string `json:"client"`
	// Rule is one of the Rule* names.
	Rule string `json:"rule"`
	// Count is how many requests broke the rule; First and Last say when.
	Count int       `json:"count"`
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
	// Example is the first such request.
	Example Request `json:"example"`
}

// Request names a request and the status it got (0: no answer, e.g. a dropped connection).
type Request struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Status int    `json:"status"`
}

func verdictOf(v imock.Verdict) Verdict {
	return Verdict{Client: v.Client, Rule: v.Rule, Count: v.Count, First: v.First, Last: v.Last,
		Example: Request{Method: v.Example.Method, Path: v.Example.Path, Status: v.Example.Status}}
}

// Violation is a request the server refused because it broke the contract: the route, the
// token, the caller's role or permission, or the OpenAPI document.
type Violation struct {
	Time time.Time `json:"time"`
	// Method and Path are the request's; Profile and Operation where it was routed.
	Method    string `json:"method"`
	Path      string `json:"path"`
	Profile   string `json:"profile,omitempty"`
	Operation string `json:"operation,omitempty"`
	// Rule names the broken rule; Status, Code and Message are the answer given.
	Rule          string `json:"rule"`
	Status        int    `json:"status"`
	Code          string `json:"code"`
	Message       string `json:"message"`
	CorrelationID string `json:"correlationId"`
	// Request is the refused request, Authorization and cookies redacted, its body cut at 4 KiB.
	Request RecordedRequest `json:"request"`
}

// RecordedRequest is a refused request as the server kept it.
type RecordedRequest struct {
	Method        string              `json:"method"`
	URL           string              `json:"url"`
	Header        map[string][]string `json:"header"`
	Body          string              `json:"body,omitempty"`
	BodyTruncated bool                `json:"bodyTruncated,omitempty"`
}

func violationOf(v imock.Violation) Violation {
	header := make(map[string][]string, len(v.Request.Header))
	for k, vs := range v.Request.Header {
		header[k] = slices.Clone(vs)
	}
	return Violation{Time: v.Time, Method: v.Method, Path: v.Path, Profile: string(v.Profile),
		Operation: v.Operation, Rule: v.Rule, Status: v.Status, Code: v.Code, Message: v.Message,
		CorrelationID: v.CorrelationID, Request: RecordedRequest{Method: v.Request.Method,
			URL: v.Request.URL, Header: header, Body: v.Request.Body, BodyTruncated: v.Request.BodyTruncated}}
}

// Fault is a scripted misbehaviour: the next Count requests that match Method, Path and
// Operation get it instead of (or, for a delay, before) their normal answer. Faults queue in
// order; a request consumes at most one, the first it matches.
type Fault struct {
	// Method matches the request method, case-insensitively; empty matches any.
	Method string
	// Path matches the request path with path.Match syntax (* is one segment), e.g.
	// /api/machines/*/isolate; empty matches any.
	Path string
	// Operation matches the OpenAPI operation id the request routes to, e.g. isolateMachine or
	// getMachineAction, in both profiles (isolateMachinePreview and the other ...Preview ids
	// match preview-2017 only); empty matches any. An unknown id is refused, naming the valid
	// ones.
	Operation string
	// Count is how many matching requests get the fault; 0 means 1.
	Count int
	// Status, 400 to 599, answers that status with the documented error body; Code and
	// Message override the body's code and message.
	Status  int
	Code    string
	Message string
	// RetryAfter, in whole seconds, sets the Retry-After header; alone it means a 429.
	RetryAfter int
	// Delay is waited before answering.
	Delay time.Duration
	// Drop closes the connection without an answer.
	Drop bool
	// Malformed cuts the answer's JSON body in half.
	Malformed bool
}

func (f Fault) internal() imock.Fault {
	return imock.Fault{Method: f.Method, Path: f.Path, Operation: f.Operation, Count: f.Count,
		Status: f.Status, Code: f.Code, Message: f.Message, RetryAfter: f.RetryAfter,
		Delay: f.Delay, Drop: f.Drop, Malformed: f.Malformed}
}

// Deviation is a deliberate fault the server can be told to commit (Options.Deviations).
type Deviation struct {
	// Name is the stable identifier.
	Name string `json:"name"`
	// Description says what the faulty server does.
	Description string `json:"description"`
	// Requirements are the requirement ids the fault violates.
	Requirements []string `json:"requirements"`
	// Profiles are the profiles where the fault shows.
	Profiles []string `json:"profiles"`
}

// Catalogue returns every deviation the mock knows, in a stable order.
func Catalogue() []Deviation {
	in := imock.Catalogue()
	out := make([]Deviation, len(in))
	for i, d := range in {
		out[i] = Deviation{Name: d.Name, Description: d.Description, Requirements: slices.Clone(d.Requirements), Profiles: profileNames(d.Profiles)}
	}
	return out
}

// Variant is a legal alternative the server can be told to take where the documents are
// silent (Options.Variants): a conformance suite must pass the server under each.
type Variant struct {
	// Name is the stable identifier.
	Name string `json:"name"`
	// Description says what the server does differently from the faithful mock.
	Description string `json:"description"`
	// Decision is the id of the requirement whose decision the variant takes the other way.
	Decision string `json:"decision"`
	// Profiles are the profiles where the variant shows.
	Profiles []string `json:"profiles"`
	// Feature names the optional feature the variant removes (e.g. cancel); "" for none.
	Feature string `json:"feature,omitempty"`
}

// VariantCatalogue returns every variant the mock knows, in a stable order.
func VariantCatalogue() []Variant {
	in := imock.VariantCatalogue()
	out := make([]Variant, len(in))
	for i, v := range in {
		out[i] = Variant{Name: v.Name, Description: v.Description, Decision: v.Decision, Profiles: profileNames(v.Profiles), Feature: v.Feature}
	}
	return out
}

func profileNames(ps []spec.Profile) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = string(p)
	}
	return out
}

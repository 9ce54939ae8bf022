package steps

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/isoconform/isoconform/spec"
)

// answerSteps check what any answer carries: its status, its media type, the error envelope
// and codes, and throttling.
func answerSteps() []stepDef {
	return []stepDef{
		{`^the caller lists machine actions with \$top=1 until it is throttled, at most (\d+) times$`, listUntilThrottled},
		{`^the response status is (\d{3})$`, statusIs},
		{`^the response status is (\d{3}) or (\d{3})$`, statusIsEither},
		{`^the response status is (\d{3}) \(precondition\)$`, statusPrecondition},
		{`^the response Content-Type is application/json$`, contentTypeJSON},
		{`^the response is an error with code "([^"]*)"$`, errorCode},
		{`^the response is an error with one of the codes "([^"]*)"$`, errorCodeOneOf},
		{`^the response is the error envelope$`, errorEnvelope},
		{`^the response is not a server error other than 500 with the code InternalServerError$`, noBareServerError},
		{`^the response has a Retry-After header in whole seconds$`, retryAfterSeconds},
	}
}

func statusIs(ctx context.Context, code string) error {
	return from(ctx).statusIn(code)
}

// statusPrecondition checks a status that only sets the scene for the scenario's own
// requirement: another answer leaves the scenario not checked (the rule that answer broke is
// another requirement's, failed by that requirement's scenario), never failed.
func statusPrecondition(ctx context.Context, code string) error {
	s := from(ctx)
	if s.last != nil && strconv.Itoa(s.last.StatusCode) == code {
		return nil
	}
	return s.skip("not checked: precondition not met: expected %s, got %s", code, cut(s.t.describe(s.last), 200))
}

func statusIsEither(ctx context.Context, a, b string) error {
	return from(ctx).statusIn(a, b)
}

// statusIn checks the last answer's status code.
func (s *scenario) statusIn(codes ...string) error {
	got := 0
	if s.last != nil {
		got = s.last.StatusCode
	}
	if slices.Contains(codes, strconv.Itoa(got)) {
		return nil
	}
	want := strings.Join(codes, " or ")
	if got >= 500 {
		want += " (never a server error)"
	}
	return s.fail(want, s.t.describe(s.last))
}

func contentTypeJSON(ctx context.Context) error {
	s := from(ctx)
	ct := ""
	if s.last != nil {
		ct = s.last.ResponseHeader.Get("Content-Type")
	}
	if isJSON(ct) {
		return nil
	}
	req := reqHdr002
	if s.last != nil && s.last.StatusCode >= 400 {
		req = reqErr002
	}
	return s.fail("Content-Type application/json", fmt.Sprintf("Content-Type %q", ct), req)
}

// errorObject returns the "error" object of the last answer.
func (s *scenario) errorObject() (map[string]any, error) {
	body, ok := s.lastJSON.(map[string]any)
	if !ok {
		return nil, s.fail(`the error envelope {"error":{"code","message","target"}}`, s.t.describe(s.last), reqErr001)
	}
	e, ok := body["error"].(map[string]any)
	if !ok {
		return nil, s.fail(`the error envelope {"error":{"code","message","target"}}`, s.t.describe(s.last), reqErr001)
	}
	return e, nil
}

func errorCode(ctx context.Context, code string) error {
	return errorCodeOneOf(ctx, code)
}

func errorCodeOneOf(ctx context.Context, codes string) error {
	s := from(ctx)
	e, err := s.errorObject()
	if err != nil {
		return err
	}
	var want []string
	for _, c := range strings.Split(codes, ",") {
		want = append(want, strings.TrimSpace(c))
	}
	got, _ := e["code"].(string)
	if slices.Contains(want, got) {
		return nil
	}
	return s.fail("error code "+strings.Join(want, " or "), fmt.Sprintf("error code %q in %s", got, s.t.describe(s.last)))
}

func errorEnvelope(ctx context.Context) error {
	s := from(ctx)
	e, err := s.errorObject()
	if err != nil {
		return err
	}
	for _, k := range []string{"code", "message", "target"} {
		if _, ok := e[k].(string); !ok {
			return s.fail(fmt.Sprintf("error.%s a string", k), s.t.describe(s.last), reqErr001)
		}
	}
	if e["code"] == "" {
		return s.fail("error.code not empty", s.t.describe(s.last), reqErr001)
	}
	return nil
}

func noBareServerError(ctx context.Context) error {
	s := from(ctx)
	if s.last == nil || s.last.StatusCode < 500 {
		return nil
	}
	if s.last.StatusCode != http.StatusInternalServerError {
		return s.fail("no server error, or 500 with the code InternalServerError", s.t.describe(s.last))
	}
	if !isJSON(s.last.ResponseHeader.Get("Content-Type")) {
		return s.fail("a 500 sent as application/json", s.t.describe(s.last))
	}
	return errorCode(ctx, "InternalServerError")
}

func retryAfterSeconds(ctx context.Context) error {
	s := from(ctx)
	v := strings.TrimSpace(s.last.ResponseHeader.Get("Retry-After"))
	if n, err := strconv.Atoi(v); err == nil && n >= 0 && regexp.MustCompile(`^[0-9]+$`).MatchString(v) {
		return nil
	}
	return s.fail("a Retry-After header in whole seconds", fmt.Sprintf("Retry-After %q", v))
}

func listUntilThrottled(ctx context.Context, most string) error {
	s := from(ctx)
	n, err := strconv.Atoi(most)
	if err != nil || n < 1 {
		return harness("bad call bound %q", most)
	}
	r := request{op: opListActions, method: http.MethodGet, rel: "/machineactions", query: url.Values{"$top": {"1"}}, auth: s.authorization(), throttleOK: true}
	for i := 0; i < n; i++ {
		if err := s.do(ctx, r); err != nil {
			return err
		}
		if s.last.StatusCode == http.StatusTooManyRequests {
			return nil
		}
		if err := s.probe(spec.FeatureActionList); err != nil {
			return err
		}
	}
	if why := s.t.features.inferBecause(spec.FeatureRateLimit, fmt.Sprintf("no 429 after %d calls", n)); why != "" {
		return s.notSupported(why)
	}
	return nil
}

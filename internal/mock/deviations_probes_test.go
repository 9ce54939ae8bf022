package mock

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/isoconform/isoconform/internal/guid"
	"github.com/isoconform/isoconform/spec"
)

// run executes every probe of profile p.
func (c *checker) run() {
	p := c.p
	preview := p == spec.Preview2017
	type probe func()
	probes := []probe{
		func() { // ISO-HTTP-001
			if r, _ := c.isolate(c.body); r.status != 201 {
				c.fail("ISO-HTTP-001")
			}
		},
		func() { // ISO-HTTP-002
			r := c.withToken(http.MethodGet, "/machines/"+c.machine()+"/isolate", c.h.token(c.role, p), "")
			if r.status != 405 {
				c.fail("ISO-HTTP-002")
			}
		},
		func() { // ISO-HTTP-003
			if preview {
				return
			}
			r := c.h.call(http.MethodPost, "/api/v1.0/machines/"+c.machine()+"/isolate", c.h.token(c.role, p), "application/json", []byte(c.body))
			if r.status != 201 {
				c.fail("ISO-HTTP-003")
			}
		},
		func() { // ISO-AUTH-001..005
			before := c.h.s.store.len()
			if r := c.withToken(http.MethodPost, "/machines/"+c.machine()+"/isolate", "", c.body); r.status != 401 || c.h.s.store.len() != before {
				c.fail("ISO-AUTH-001")
			}
			for _, tok := range []string{"not-a-jwt", "a.b.c"} {
				if r := c.withToken(http.MethodPost, "/machines/"+c.machine()+"/isolate", tok, c.body); r.status != 401 {
					c.fail("ISO-AUTH-002")
				}
			}
			req, _ := http.NewRequest(http.MethodPost, c.h.srv.URL+p.BasePath()+"/machines/"+c.machine()+"/isolate", strings.NewReader(c.body))
			req.Header.Set("Authorization", "Basic dXNlcjpwYXNz")
			req.Header.Set("Content-Type", "application/json")
			if resp, err := c.h.srv.Client().Do(req); err != nil || resp.StatusCode != 401 {
				c.fail("ISO-AUTH-002")
			} else {
				resp.Body.Close()
			}
			for _, kind := range []string{"foreign-key", "unknown-kid", "missing-kid", "alg-none", "hs256-public-key", "wrong-issuer"} {
				if r := c.withToken(http.MethodPost, "/machines/"+c.machine()+"/isolate", c.attack(kind), c.body); r.status != 401 {
					c.fail("ISO-AUTH-003")
				}
			}
			if r := c.withToken(http.MethodPost, "/machines/"+c.machine()+"/isolate", c.attack("expired"), c.body); r.status != 401 {
				c.fail("ISO-AUTH-004")
			}
			if r := c.withToken(http.MethodPost, "/machines/"+c.machine()+"/isolate", c.attack("wrong-audience"), c.body); r.status != 401 && r.status != 403 {
				c.fail("ISO-AUTH-005")
			}
		},
		func() { // ISO-AUTH-006
			r := c.withToken(http.MethodPost, "/machines/"+c.machine()+"/isolate", c.attack("not-yet-valid"), c.body)
			if code, _, _, _ := envelopeOf(r); r.status == 401 && code != codeUnauthorized {
				c.fail("ISO-AUTH-006")
			}
			weak := "no-role"
			if !preview {
				weak = "no-permission"
			}
			r = c.isolateAs(weak, c.machine(), c.body)
			if code, _, _, _ := envelopeOf(r); r.status == 403 && code != codeForbidden {
				c.fail("ISO-AUTH-006")
			}
		},
		func() { // ISO-ROLE-*
			roles := map[string]string{"security-administrator": "ISO-ROLE-001", "global-administrator": "ISO-ROLE-002"}
			weak, weakID := "no-role", "ISO-ROLE-003"
			if !preview {
				roles = map[string]string{"machine-isolate": "ISO-ROLE-004", "machine-isolate-delegated": "ISO-ROLE-006"}
				weak, weakID = "no-permission", "ISO-ROLE-005"
			}
			for role, id := range roles {
				if r := c.isolateAs(role, c.machine(), c.body); r.status != 201 {
					c.fail(id)
				}
			}
			before := c.h.s.store.len()
			if r := c.isolateAs(weak, c.machine(), c.body); r.status != 403 || c.h.s.store.len() != before {
				c.fail(weakID)
			}
		},
		func() { // ISO-HDR-001, ISO-HDR-002
			before := c.h.s.store.len()
			r := c.post("/machines/"+c.machine()+"/isolate", c.role, "text/plain", c.body)
			if (r.status != 415 && r.status != 400) || c.h.s.store.len() != before {
				c.fail("ISO-HDR-001")
			}
			if r, _ := c.isolate(c.body); ok2xx(r) && mediaTypeOf(r.header.Get("Content-Type")) != "application/json" {
				c.fail("ISO-HDR-002")
			}
		},
		func() { // ISO-BODY-*, ISO-TYPE-*, ISO-EX-001
			refuse := map[string][]string{
				"ISO-BODY-001": {`{"IsolationType":"Full"}`},
				"ISO-BODY-002": {`{"Comment":1234}`, `{"Comment":null}`, `{"Comment":{"a":1}}`},
				"ISO-BODY-003": {`{"comment":"x"}`, `{"COMMENT":"x"}`},
				"ISO-BODY-004": {`{"Comment": "x", `, ``, `["Comment","x"]`},
				"ISO-TYPE-005": {`{"Comment":"x","IsolationType":"Partial"}`, `{"Comment":"x","IsolationType":""}`, `{"Comment":"x","IsolationType":1}`},
				"ISO-TYPE-006": {`{"Comment":"x","IsolationType":"full"}`, `{"Comment":"x","IsolationType":"SELECTIVE"}`},
				"ISO-TYPE-008": {`{"Comment":"x","isolationType":"Full"}`},
				"ISO-EX-001":   {string(fixture(c.t, "seed-example-request-verbatim.txt"))},
			}
			if preview {
				refuse["ISO-TYPE-007"] = []string{`{"Comment":"x","IsolationType":"UnManagedDevice"}`}
			}
			for id, bodies := range refuse {
				for _, b := range bodies {
					c.h.s.store.reset() // an accepted refusal must not make the next request a duplicate
					before := c.h.s.store.len()
					if r, _ := c.isolate(b); r.status != 400 || c.h.s.store.len() != before {
						c.fail(id)
					}
				}
			}
			accept := map[string]string{
				"ISO-TYPE-001": `{"Comment":"x","IsolationType":"Full"}`,
				"ISO-TYPE-002": `{"Comment":"x","IsolationType":"Selective"}`,
				"ISO-TYPE-004": `{"Comment":"x"}`,
				"ISO-EX-002":   string(fixture(c.t, "seed-example-request-corrected.json")),
			}
			if !preview {
				accept["ISO-TYPE-003"] = `{"Comment":"x","IsolationType":"UnManagedDevice"}`
			}
			for id, b := range accept {
				c.h.s.store.reset()
				if r, _ := c.isolate(b); r.status != 201 || (id == "ISO-EX-002" && obj(r)["type"] != "Isolate") {
					c.fail(id)
				}
			}
		},
		func() { // ISO-BODY-005, ISO-ACT-*
			comment := "Isolate machine due to alert 1234 — ünïcödé"
			r, m := c.isolate(strings.Replace(c.body, `"probe"`, strconv.Quote(comment), 1))
			if !ok2xx(r) {
				return
			}
			a := obj(r)
			if a["requestorComment"] != comment {
				c.fail("ISO-BODY-005")
			}
			schema := c.h.s.apis[p].doc.Paths.Find("/machines/{id}/isolate").Post.Responses.Status(201).Value.Content.Get("application/json").Schema.Value
			var raw any
			_ = jsonUnmarshal(r.body, &raw)
			if id, _ := a["id"].(string); schema.VisitJSON(raw, spec.SchemaOptions()...) != nil || !guidRE.MatchString(id) {
				c.fail("ISO-ACT-001")
			}
			if a["type"] != "Isolate" {
				c.fail("ISO-ACT-002")
			}
			if a["machineId"] != m {
				c.fail("ISO-ACT-003")
			}
			if st, _ := a["status"].(string); !slices.Contains([]string{"Pending", "InProgress", "Succeeded"}, st) {
				c.fail("ISO-ACT-004")
			}
			created, err1 := time.Parse(time.RFC3339Nano, str(a["creationDateTimeUtc"]))
			updated, err2 := time.Parse(time.RFC3339Nano, str(a[p.LastUpdateField()]))
			if err1 != nil || err2 != nil || updated.Before(created) {
				c.fail("ISO-ACT-005")
			}
			if str(a["requestor"]) == "" {
				c.fail("ISO-ACT-006")
			}
			if !strings.HasSuffix(str(a["@odata.context"]), "$metadata#MachineActions/$entity") {
				c.fail("ISO-ACT-007")
			}
			for _, part := range append([]*openapi3.SchemaRef{{Value: schema}}, schema.AllOf...) {
				for name := range part.Value.Properties {
					if _, ok := a[name]; !ok {
						c.fail("ISO-ACT-009")
					}
				}
			}
			if !preview {
				for _, typ := range []string{"Full", "Selective"} {
					r, _ := c.isolate(`{"Comment":"x","IsolationType":"` + typ + `"}`)
					if ok2xx(r) && obj(r)["scope"] != typ {
						c.fail("ISO-ACT-008")
					}
				}
			}
		},
		func() { // ISO-MACH-001
			r := c.isolateAs(c.role, "0000000000000000000000000000000000000000", c.body)
			if code, _, _, _ := envelopeOf(r); r.status != 404 || code != codeResourceNotFound {
				c.fail("ISO-MACH-001")
			}
		},
		func() { // ISO-ERR-001..003
			var errs []reply
			errs = append(errs, c.withToken(http.MethodPost, "/machines/"+c.machine()+"/isolate", "", c.body))
			errs = append(errs, c.withToken(http.MethodGet, "/machines/"+c.machine()+"/isolate", c.h.token(c.role, p), ""))
			errs = append(errs, c.isolateAs(c.role, "0000000000000000000000000000000000000000", c.body))
			var bad []reply
			for _, b := range []string{`{"IsolationType":"Full"}`, `{"Comment":"x","IsolationType":"Partial"}`, `{"comment":"x"}`} {
				r, _ := c.isolate(b)
				bad = append(bad, r)
			}
			for _, r := range append(errs, bad...) {
				if r.status < 400 {
					continue
				}
				if _, _, _, ok := envelopeOf(r); !ok {
					c.fail("ISO-ERR-001")
				}
				if mediaTypeOf(r.header.Get("Content-Type")) != "application/json" {
					c.fail("ISO-ERR-002")
				}
			}
			documented := []string{codeBadRequest, codeInvalidInput, codeInvalidRequestBody, codeMissingParameter, codeODataError, codeActiveRequestExists}
			for _, r := range bad {
				if code, _, _, _ := envelopeOf(r); r.status == 400 && !slices.Contains(documented, code) {
					c.fail("ISO-ERR-003")
				}
			}
		},
		func() { // ISO-DUP-001
			m := c.machine()
			first := c.isolateAs(c.role, m, c.body)
			if !ok2xx(first) {
				return
			}
			second := c.isolateAs(c.role, m, c.body)
			_, msg, _, _ := envelopeOf(second)
			if !(second.status == 400 && msg == "Action is already in progress") && !(ok2xx(second) && obj(second)["id"] == obj(first)["id"]) {
				c.fail("ISO-DUP-001")
			}
		},
		func() { // ISO-UNI-001, ISO-GET-*, ISO-LIST-001, ISO-MGET-001
			r, m := c.isolate(c.body)
			if !ok2xx(r) {
				return
			}
			id := str(obj(r)["id"])
			u := c.post("/machines/"+m+"/unisolate", c.role, "application/json", `{"Comment":"release"}`)
			if u.status != 201 || obj(u)["type"] != "Unisolate" {
				c.fail("ISO-UNI-001")
			}
			g := c.withToken(http.MethodGet, "/machineactions/"+id, c.h.token(c.role, p), "")
			if a := obj(g); g.status != 200 || a["id"] != id || a["type"] != "Isolate" || a["machineId"] != m {
				c.fail("ISO-GET-001")
			}
			if g := c.withToken(http.MethodGet, "/machineactions/"+guid.New(), c.h.token(c.role, p), ""); g.status != 404 {
				c.fail("ISO-GET-002")
			}
			l := c.withToken(http.MethodGet, "/machineactions?%24filter="+strings.ReplaceAll("machineId eq '"+m+"'", " ", "%20"), c.h.token(c.role, p), "")
			values, isList := obj(l)["value"].([]any)
			found := slices.ContainsFunc(values, func(v any) bool { return v.(map[string]any)["id"] == id })
			if l.status != 200 || !isList || obj(l)["@odata.context"] == nil || !found {
				c.fail("ISO-LIST-001")
			}
			if g := c.withToken(http.MethodGet, "/machines/"+m, c.h.token(c.role, p), ""); g.status != 200 || obj(g)["id"] != m {
				c.fail("ISO-MGET-001")
			}
		},
		func() { // ISO-ERR-004
			deep := `{"Comment":"probe","x":` + strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000) + `}`
			r, _ := c.isolate(deep)
			if code, _, _, _ := envelopeOf(r); r.status >= 500 && (r.status != 500 || code != codeInternalServerError) {
				c.fail("ISO-ERR-004")
			}
		},
		func() { // ISO-MLIST-001, ISO-MLIST-002
			if preview {
				return
			}
			get := func(query string) reply {
				return c.withToken(http.MethodGet, "/machines?"+query, c.h.token(c.role, p), "")
			}
			want := c.h.s.Machines()[1]
			l := get("%24filter=" + strings.ReplaceAll("computerDnsName eq '"+want.ComputerDNSName+"'", " ", "%20"))
			values, _ := obj(l)["value"].([]any)
			if l.status != 200 || len(values) != 1 || values[0].(map[string]any)["id"] != want.ID {
				c.fail("ISO-MLIST-001")
			}
			first, second := obj(get("%24top=1&%24skip=0"))["value"], obj(get("%24top=1&%24skip=1"))["value"]
			a, _ := first.([]any)
			b, _ := second.([]any)
			if len(a) != 1 || len(b) != 1 || a[0].(map[string]any)["id"] == b[0].(map[string]any)["id"] {
				c.fail("ISO-MLIST-001")
			}
			for _, q := range []string{"%24stop=1", "%24filter=computerDnsName%20startswith%20'x'"} {
				if r := get(q); r.status != 400 {
					c.fail("ISO-MLIST-002")
				}
			}
		},
		func() { // ISO-CANCEL-001..003
			if preview {
				return
			}
			cancel := func(id string) reply {
				return c.post("/machineactions/"+id+"/cancel", c.role, "application/json", `{"Comment":"probe cancel"}`)
			}
			read := func(id string) map[string]any {
				return obj(c.withToken(http.MethodGet, "/machineactions/"+id, c.h.token(c.role, p), ""))
			}
			if r, _ := c.isolate(c.body); ok2xx(r) {
				id := str(obj(r)["id"])
				if x := cancel(id); x.status != 200 || obj(x)["status"] != "Cancelled" || obj(x)["cancellationComment"] != "probe cancel" {
					c.fail("ISO-CANCEL-001")
				}
			}
			if r := cancel(guid.New()); r.status != 404 {
				c.fail("ISO-CANCEL-002")
			}
			if r, _ := c.isolate(c.body); ok2xx(r) {
				id := str(obj(r)["id"])
				for range 2 { // the harness completes an action on its second read
					read(id)
				}
				if x := cancel(id); x.status < 400 || x.status > 499 || read(id)["status"] != "Succeeded" {
					c.fail("ISO-CANCEL-003")
				}
			}
		},
	}
	for _, pr := range probes {
		c.h.s.store.reset()
		pr()
	}
}

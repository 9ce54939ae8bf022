package mock

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/internal/guid"
	"github.com/isoconform/isoconform/spec"
)

func (h *harness) cancel(id, role, body string) reply {
	h.t.Helper()
	var b []byte
	ct := ""
	if body != "" {
		b, ct = []byte(body), "application/json"
	}
	return h.call(http.MethodPost, "/api/machineactions/"+id+"/cancel", h.token(role, spec.Current), ct, b)
}

func TestCancel(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, Options{Now: clock.Now, CompletionDelay: time.Minute})
	m := h.machine(2)
	created := h.isolate(spec.Current, m, `{"Comment":"isolate","IsolationType":"Full"}`)
	require.Equal(t, http.StatusCreated, created.status, string(created.body))
	id := created.json(t)["id"].(string)

	clock.advance(10 * time.Second)
	r := h.cancel(id, "machine-isolate", `{"Comment":"false positive"}`)
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	body := r.json(t)
	assert.Equal(t, id, body["id"])
	assert.Equal(t, "Cancelled", body["status"])
	assert.Equal(t, "false positive", body["cancellationComment"])
	assert.NotEmpty(t, body["cancellationRequestor"])
	assert.Equal(t, formatDate(clock.Now()), body["cancellationDateTimeUtc"])
	assert.Equal(t, formatDate(clock.Now()), body["lastUpdateDateTimeUtc"])
	validateResponse(t, h, http.MethodPost, "/api/machineactions/"+id+"/cancel", r)

	// it stays cancelled past its completion time, and GET and the list say so
	clock.advance(2 * time.Minute)
	g := h.get(spec.Current, "/machineactions/"+id)
	require.Equal(t, http.StatusOK, g.status)
	assert.Equal(t, "Cancelled", g.json(t)["status"])
	assert.Equal(t, "false positive", g.json(t)["cancellationComment"])

	// a second cancel is refused: the action is final
	again := h.cancel(id, "machine-isolate", "")
	require.Equal(t, http.StatusBadRequest, again.status, string(again.body))
	assert.Equal(t, codeBadRequest, again.errorCode(t))

	// a cancelled isolate does not block the next one
	next := h.isolate(spec.Current, m, `{"Comment":"again"}`)
	assert.Equal(t, http.StatusCreated, next.status, string(next.body))
}

func TestCancelAnswers(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, Options{Now: clock.Now, CompletionDelay: time.Minute})
	pending := func(i int) string {
		r := h.isolate(spec.Current, h.machine(i), `{"Comment":"c"}`)
		require.Equal(t, http.StatusCreated, r.status, string(r.body))
		return r.json(t)["id"].(string)
	}
	done := pending(3)
	clock.advance(2 * time.Minute)
	cases := []struct {
		name, id, role, contentType, body string
		status                            int
		code                              string
	}{
		{"no body", pending(4), "machine-isolate", "", "", http.StatusOK, ""},
		{"empty object", pending(5), "machine-isolate", "application/json", `{}`, http.StatusOK, ""},
		{"delegated", pending(6), "machine-isolate-delegated", "application/json", `{"Comment":"c"}`, http.StatusOK, ""},
		{"unknown action", guid.New(), "machine-isolate", "application/json", `{"Comment":"c"}`, http.StatusNotFound, codeResourceNotFound},
		{"already succeeded", done, "machine-isolate", "application/json", `{"Comment":"c"}`, http.StatusBadRequest, codeBadRequest},
		{"no permission", pending(7), "no-permission", "application/json", `{"Comment":"c"}`, http.StatusForbidden, codeForbidden},
		{"lower-case comment", pending(8), "machine-isolate", "application/json", `{"comment":"c"}`, http.StatusBadRequest, codeInvalidRequestBody},
		{"not json", pending(9), "machine-isolate", "text/plain", `{"Comment":"c"}`, http.StatusUnsupportedMediaType, codeUnsupportedMedia},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b []byte
			if c.body != "" {
				b = []byte(c.body)
			}
			r := h.call(http.MethodPost, "/api/v1.0/machineactions/"+c.id+"/cancel", h.token(c.role, spec.Current), c.contentType, b)
			require.Equal(t, c.status, r.status, string(r.body))
			if c.code != "" {
				assert.Equal(t, c.code, r.errorCode(t))
				return
			}
			assert.Equal(t, "Cancelled", r.json(t)["status"])
		})
	}
	// the preview documents no cancel
	r := h.call(http.MethodPost, "/testwdatppreview/machineactions/"+done+"/cancel", h.token("security-administrator", spec.Preview2017), "", nil)
	assert.Equal(t, http.StatusNotFound, r.status)
}

func TestListActionsFilters(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, Options{Now: clock.Now, CompletionDelay: time.Minute})
	iso := h.isolate(spec.Current, h.machine(1), `{"Comment":"c"}`).json(t)["id"].(string)
	uni := h.unisolate(spec.Current, h.machine(1)).json(t)["id"].(string)
	other := h.isolate(spec.Current, h.machine(2), `{"Comment":"c"}`).json(t)["id"].(string)
	require.Equal(t, http.StatusOK, h.cancel(other, "machine-isolate", "").status)
	list := func(filter string) []string {
		r := h.get(spec.Current, "/machineactions?$filter="+urlQueryEscape(filter))
		require.Equal(t, http.StatusOK, r.status, string(r.body))
		return ids(t, r)
	}
	assert.Equal(t, []string{iso, uni}, list("machineId eq '"+h.machine(1)+"'"))
	assert.Equal(t, []string{iso, other}, list("type eq 'Isolate'"))
	assert.Equal(t, []string{other}, list("status eq 'Cancelled'"))
	assert.Equal(t, []string{iso}, list("machineId eq '"+h.machine(1)+"' and type eq 'Isolate' and status eq 'Pending'"))
	r := h.get(spec.Current, "/machineactions?$filter="+urlQueryEscape("computerDnsName eq 'x'"))
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, codeODataError, r.errorCode(t))
}

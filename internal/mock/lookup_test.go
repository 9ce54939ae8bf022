package mock

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

func TestGetMachineByDNSNameIsTheFullEntity(t *testing.T) {
	h := newHarness(t, Options{})
	m := h.s.Machines()[2]
	for _, key := range []string{m.ID, m.ComputerDNSName, strings.ToUpper(m.ComputerDNSName)} {
		r := h.get(spec.Current, "/machines/"+url.PathEscape(key))
		require.Equal(t, http.StatusOK, r.status, key)
		body := r.json(t)
		assert.Equal(t, m.ID, body["id"], key)
		for _, prop := range []string{"firstSeen", "lastSeen", "lastIpAddress", "agentVersion", "riskScore", "exposureLevel", "machineTags", "onboardingStatus"} {
			assert.Contains(t, body, prop, key)
		}
		assert.True(t, strings.HasSuffix(body["@odata.context"].(string), "/api/$metadata#Machines/$entity"))
	}
	// The Azure AD device id names no machine in GET machines/{id} (nor in an action path).
	list := h.get(spec.Current, "/machines?"+url.Values{"$filter": {"computerDnsName eq '" + m.ComputerDNSName + "'"}}.Encode()).json(t)
	aad, ok := list["value"].([]any)[0].(map[string]any)["aadDeviceId"].(string)
	require.True(t, ok, "fixture machine 2 is Azure AD joined")
	assert.Equal(t, http.StatusNotFound, h.get(spec.Current, "/machines/"+aad).status)
	assert.Equal(t, http.StatusNotFound, h.isolate(spec.Current, aad, `{"Comment":"by AAD id","IsolationType":"Full"}`).status)
	// Preview keeps its reduced entity, by id only.
	assert.Equal(t, http.StatusNotFound, h.get(spec.Preview2017, "/machines/"+m.ComputerDNSName).status)
	assert.Empty(t, h.s.Violations())
}

func TestFindByIP(t *testing.T) {
	now := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)
	h := newHarness(t, Options{Now: func() time.Time { return now }})
	ip := h.s.details(2).lastIPAddress
	ts := now.Add(-48 * time.Hour).Format(time.RFC3339)
	r := h.get(spec.Current, "/machines/findbyip(ip='"+ip+"',timestamp="+ts+")")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	body := r.json(t)
	assert.True(t, strings.HasSuffix(body["@odata.context"].(string), "/api/$metadata#Machines"))
	value := body["value"].([]any)
	require.Len(t, value, 1)
	assert.Equal(t, h.machine(2), value[0].(map[string]any)["id"])

	assert.Equal(t, http.StatusNotFound, h.get(spec.Current, "/machines/findbyip(ip='192.0.2.99',timestamp="+ts+")").status)
	old := now.Add(-31 * 24 * time.Hour).Format(time.RFC3339)
	for _, call := range []string{"findbyip(ip='" + ip + "',timestamp=" + old + ")", "findbyip(ip='not-an-ip',timestamp=" + ts + ")",
		"findbyip(ip='" + ip + "',timestamp=yesterday)", "findbyip(ip='" + ip + "')"} {
		assert.Equal(t, http.StatusBadRequest, h.get(spec.Current, "/machines/"+call).status, call)
	}
}

func TestListMachinesODataFunctionsAndDateLiterals(t *testing.T) {
	h := newHarness(t, Options{})
	ids := func(filter string) []string {
		t.Helper()
		r := h.listMachines("/api", url.Values{"$filter": {filter}})
		require.Equal(t, http.StatusOK, r.status, "%s: %s", filter, r.body)
		var out []string
		for _, v := range r.json(t)["value"].([]any) {
			out = append(out, v.(map[string]any)["id"].(string))
		}
		return out
	}
	all := len(h.s.Machines())
	assert.Len(t, ids("startswith(computerDnsName,'isoconform-0')"), 10)
	assert.Equal(t, []string{h.machine(1)}, ids("startswith(computerDnsName,'desktop') and healthStatus eq 'Active'"))
	assert.Len(t, ids("machineTags/any(tag: tag eq 'isoconform')"), all)
	assert.Len(t, ids("machineTags/any(tag: tag eq 'test tag 1')"), (all+1)/2)
	assert.Empty(t, ids("machineTags/any(tag: tag eq 'no such tag')"))
	assert.Len(t, ids("lastSeen gt 2018-08-01Z"), all)
	assert.Empty(t, ids("lastSeen lt 2018-08-01"))
	assert.Len(t, ids("lastSeen gt 2019-11-22T00:00:00Z and startswith(computerDnsName,'isoconform-0')"), 10)
	assert.Empty(t, h.s.Violations())
}

func TestConnectionTestAlertsAnsweredEmpty(t *testing.T) {
	h := newHarness(t, Options{})
	for _, base := range []string{"/api", "/api/v1.0"} {
		r := h.call(http.MethodGet, base+"/alerts?$top=1", h.token("machine-isolate", spec.Current), "", nil)
		require.Equal(t, http.StatusOK, r.status, string(r.body))
		body := r.json(t)
		assert.Equal(t, h.srv.URL+base+"/$metadata#Alerts", body["@odata.context"])
		assert.Equal(t, []any{}, body["value"])
	}
	assert.Equal(t, http.StatusForbidden, h.call(http.MethodGet, "/api/alerts?$top=1", h.token("no-permission", spec.Current), "", nil).status)
	assert.Equal(t, http.StatusUnauthorized, h.call(http.MethodGet, "/api/alerts", "", "", nil).status)
}

func TestDocumentedButNotEmulatedIsANoteNotAViolation(t *testing.T) {
	h := newHarness(t, Options{})
	tok := h.token("machine-isolate", spec.Current)
	for _, path := range []string{"/api/machines/" + h.machine(0) + "/runAntiVirusScan", "/api/alerts/da637306396589640224_1753239473",
		"/api/machines/" + h.machine(0) + "/collectInvestigationPackage", "/api/indicators"} {
		r := h.call(http.MethodPost, path, tok, "application/json", []byte(`{"Comment":"x"}`))
		assert.Equal(t, http.StatusNotImplemented, r.status, path)
		assert.Contains(t, string(r.body), "does not emulate", path)
	}
	assert.Empty(t, h.s.Violations())
	notes := h.s.Notes()
	require.Len(t, notes, 4)
	assert.Equal(t, NoteNotEmulated, notes[0].Kind)
	// A path no document gives stays the client's 404 and a violation.
	assert.Equal(t, http.StatusNotFound, h.call(http.MethodGet, "/api/machine", tok, "", nil).status)
	require.Len(t, h.s.Violations(), 1)
	assert.Equal(t, ruleRoute, h.s.Violations()[0].Rule)
}

func TestRouteRemovedByVariantIsNotTheClientsFault(t *testing.T) {
	h := newHarness(t, Options{Variants: []string{"no-machine-lookup", "no-v1-path"}})
	tok := h.token("machine-isolate", spec.Current)
	assert.Equal(t, http.StatusNotFound, h.call(http.MethodGet, "/api/machines", tok, "", nil).status)
	assert.Equal(t, http.StatusNotFound, h.call(http.MethodGet, "/api/v1.0/machineactions", tok, "", nil).status)
	assert.Empty(t, h.s.Violations())
	notes := h.s.Notes()
	require.Len(t, notes, 2)
	assert.Equal(t, NoteDeviation, notes[0].Kind)
	assert.Contains(t, notes[0].Message, "no-machine-lookup")
}

func TestRefusalByDeviationIsNotTheClientsFault(t *testing.T) {
	h := newHarness(t, Options{Deviations: []string{"app-refused", "global-admin-refused"}})
	assert.Equal(t, http.StatusForbidden, h.isolate(spec.Current, h.machine(0), `{"Comment":"x"}`).status)
	r := h.call(http.MethodPost, "/testwdatppreview/machines/"+h.machine(0)+"/isolate", h.token("global-administrator", spec.Preview2017),
		"application/json", []byte(`{"Comment":"x"}`))
	assert.Equal(t, http.StatusForbidden, r.status)
	assert.NotContains(t, string(r.body), "global-admin-refused", "the answer does not name the deviation")
	assert.Empty(t, h.s.Violations())
	notes := h.s.Notes()
	require.Len(t, notes, 2)
	assert.Contains(t, notes[0].Message, "app-refused")
	assert.Contains(t, notes[1].Message, "global-admin-refused")
	// a caller the faithful rules refuse is still a violation
	r = h.call(http.MethodPost, "/api/machines/"+h.machine(1)+"/isolate", h.token("no-permission", spec.Current),
		"application/json", []byte(`{"Comment":"x"}`))
	assert.Equal(t, http.StatusForbidden, r.status)
	require.Len(t, h.s.Violations(), 1)
	assert.Equal(t, ruleAuthorization, h.s.Violations()[0].Rule)
}

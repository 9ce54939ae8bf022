package mock

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

// listMachines calls GET /api/machines with the query q.
func (h *harness) listMachines(base string, q url.Values) reply {
	h.t.Helper()
	path := base + "/machines"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	return h.call(http.MethodGet, path, h.token("machine-isolate", spec.Current), "", nil)
}

// ids returns the ids of a collection answer's value.
func ids(t *testing.T, r reply) []string {
	t.Helper()
	var out []string
	for _, v := range r.json(t)["value"].([]any) {
		out = append(out, v.(map[string]any)["id"].(string))
	}
	return out
}

func TestListMachines(t *testing.T) {
	h := newHarness(t, Options{})
	all := h.s.Machines()
	m3, m5 := all[3], all[5]
	cases := []struct {
		name, filter, top, skip string
		want                    []string
	}{
		{"all", "", "", "", nil},
		{"by dns name", "computerDnsName eq '" + m3.ComputerDNSName + "'", "", "", []string{m3.ID}},
		{"by id", "id eq '" + m5.ID + "'", "", "", []string{m5.ID}},
		{"and", "computerDnsName eq '" + m3.ComputerDNSName + "' and id eq '" + m3.ID + "'", "", "", []string{m3.ID}},
		{"and disjoint", "computerDnsName eq '" + m3.ComputerDNSName + "' and id eq '" + m5.ID + "'", "", "", []string{}},
		{"unknown name", "computerDnsName eq 'nope.contoso.com'", "", "", []string{}},
		{"platform", "osPlatform eq 'Linux'", "", "", []string{all[4].ID, all[9].ID}},
		{"top", "", "2", "", []string{all[0].ID, all[1].ID}},
		{"skip and top", "", "2", "3", []string{all[3].ID, all[4].ID}},
		{"rbac group number", "rbacGroupId eq 43 and osPlatform ne 'Linux'", "", "", []string{all[1].ID, all[7].ID, all[10].ID}},
		{"last seen", "lastSeen gt 2025-03-12T09:31:00Z", "", "", []string{all[0].ID, all[1].ID, all[2].ID, all[3].ID}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := url.Values{}
			for k, v := range map[string]string{"$filter": c.filter, "$top": c.top, "$skip": c.skip} {
				if v != "" {
					q.Set(k, v)
				}
			}
			for _, base := range []string{"/api", "/api/v1.0"} {
				r := h.listMachines(base, q)
				require.Equal(t, http.StatusOK, r.status, string(r.body))
				assert.Equal(t, "application/json", mediaTypeOf(r.header.Get("Content-Type")))
				body := r.json(t)
				assert.Equal(t, h.srv.URL+base+"/$metadata#Machines", body["@odata.context"])
				want := c.want
				if want == nil {
					for _, m := range all {
						want = append(want, m.ID)
					}
				}
				got := ids(t, r)
				if len(want) == 0 {
					assert.Empty(t, got)
				} else {
					assert.Equal(t, want, got)
				}
				validateResponse(t, h, http.MethodGet, base+"/machines?"+q.Encode(), r)
			}
		})
	}
}

func TestListMachinesEntity(t *testing.T) {
	h := newHarness(t, Options{})
	m := h.s.Machines()[3]
	r := h.listMachines("/api", url.Values{"$filter": {"computerDnsName eq '" + m.ComputerDNSName + "'"}})
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	v := r.json(t)["value"].([]any)
	require.Len(t, v, 1)
	e := v[0].(map[string]any)
	for _, k := range []string{"id", "computerDnsName", "firstSeen", "lastSeen", "osPlatform", "osVersion", "osProcessor",
		"version", "lastIpAddress", "lastExternalIpAddress", "agentVersion", "osBuild", "healthStatus", "deviceValue",
		"rbacGroupId", "rbacGroupName", "riskScore", "exposureLevel", "isAadJoined", "aadDeviceId", "machineTags", "onboardingStatus"} {
		assert.Contains(t, e, k)
	}
	assert.Equal(t, m.ID, e["id"])
	assert.Equal(t, "Windows11", e["osPlatform"])
	assert.Equal(t, "Onboarded", e["onboardingStatus"])
	assert.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$`, e["lastSeen"])
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, e["aadDeviceId"])

	// stable: a second server derives the same entity
	h2 := newHarness(t, Options{})
	r2 := h2.listMachines("/api", url.Values{"$filter": {"id eq '" + m.ID + "'"}})
	assert.Equal(t, v[0], r2.json(t)["value"].([]any)[0])

	// $select keeps the named properties only
	r = h.listMachines("/api", url.Values{"$select": {"id,computerDnsName"}, "$top": {"1"}})
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.Equal(t, map[string]any{"id": h.machine(0), "computerDnsName": h.s.Machines()[0].ComputerDNSName},
		r.json(t)["value"].([]any)[0])
}

func TestListMachinesNextLink(t *testing.T) {
	h := newHarness(t, Options{})
	r := h.listMachines("/api", url.Values{"$top": {"5"}})
	require.Equal(t, http.StatusOK, r.status)
	var got []string
	for {
		got = append(got, ids(t, r)...)
		next, ok := r.json(t)["@odata.nextLink"].(string)
		if !ok {
			break
		}
		u, err := url.Parse(next)
		require.NoError(t, err)
		r = h.call(http.MethodGet, u.RequestURI(), h.token("machine-isolate", spec.Current), "", nil)
		require.Equal(t, http.StatusOK, r.status, string(r.body))
	}
	assert.Len(t, got, len(h.s.Machines()))
}

func TestListMachinesUnsupportedOData(t *testing.T) {
	h := newHarness(t, Options{})
	cases := map[string]url.Values{
		"unknown option $stop":  {"$stop": {"2"}},
		"$orderby":              {"$orderby": {"lastSeen desc"}},
		"$count":                {"$count": {"true"}},
		"unknown property":      {"$filter": {"name eq 'x'"}},
		"machineTags any other": {"$filter": {"machineTags/any(tag: t eq 'x')"}},
		"or":                    {"$filter": {"id eq 'a' or id eq 'b'"}},
		"function":              {"$filter": {"endswith(computerDnsName,'iso')"}},
		"startswith a number":   {"$filter": {"startswith(rbacGroupId,'4')"}},
		"ordering on a string":  {"$filter": {"computerDnsName gt 'a'"}},
		"unquoted string":       {"$filter": {"computerDnsName eq isoconform"}},
		"unterminated string":   {"$filter": {"computerDnsName eq 'isoconform"}},
		"date not a date":       {"$filter": {"lastSeen gt yesterday"}},
		"number not a number":   {"$filter": {"rbacGroupId eq 'x'"}},
		"select unknown":        {"$select": {"id,name"}},
		"top out of range":      {"$top": {"10001"}},
		"top not a number":      {"$top": {"ten"}},
		"nothing after and":     {"$filter": {"id eq 'a' and"}},
		"incomplete comparison": {"$filter": {"id eq"}},
	}
	for name, q := range cases {
		t.Run(name, func(t *testing.T) {
			r := h.listMachines("/api", q)
			require.Equal(t, http.StatusBadRequest, r.status, string(r.body))
			assert.Equal(t, codeODataError, r.errorCode(t))
			assert.Contains(t, r.json(t)["error"].(map[string]any)["message"], "The query specified in the URI is not valid")
		})
	}
	v := h.s.Violations()
	require.NotEmpty(t, v)
	assert.Equal(t, ruleParameter, v[len(v)-1].Rule)
}

func TestListMachinesAuthorization(t *testing.T) {
	h := newHarness(t, Options{})
	r := h.call(http.MethodGet, "/api/machines", "", "", nil)
	assert.Equal(t, http.StatusUnauthorized, r.status)
	// no-permission holds Machine.Read.All: a lookup is allowed
	r = h.call(http.MethodGet, "/api/machines", h.token("no-permission", spec.Current), "", nil)
	assert.Equal(t, http.StatusOK, r.status)
	r = h.call(http.MethodGet, "/api/machines", h.token("machine-isolate-delegated", spec.Current), "", nil)
	assert.Equal(t, http.StatusOK, r.status)
	// the preview has no list of machines
	r = h.call(http.MethodGet, "/testwdatppreview/machines", h.token("security-administrator", spec.Preview2017), "", nil)
	assert.Equal(t, http.StatusNotFound, r.status)
}

// validateResponse checks an answer against the current profile's document.
func validateResponse(t *testing.T, h *harness, method, path string, r reply) {
	t.Helper()
	req, err := http.NewRequest(method, h.srv.URL+path, nil)
	require.NoError(t, err)
	checkResponse(t, h, spec.Current, req, &http.Response{StatusCode: r.status, Header: r.header, Body: io.NopCloser(bytes.NewReader(r.body))})
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

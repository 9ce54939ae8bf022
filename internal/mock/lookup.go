package mock

import (
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// findByIPWindow is how far back findbyip's timestamp may lie: "the past 30 days".
const findByIPWindow = 30 * 24 * time.Hour

// machineByKey returns the index of the fixture machine that GET machines/{id} names: by its
// machine id, else by its computer DNS name (case-insensitive), as get-machine-by-id.md
// says ("by its device ID or computer name"). The Azure AD device id is not a key.
func (s *Server) machineByKey(key string) (int, bool) {
	if i, ok := s.machineIDs[key]; ok {
		return i, true
	}
	for i, m := range s.machines {
		if m.ComputerDNSName != "" && strings.EqualFold(m.ComputerDNSName, key) {
			return i, true
		}
	}
	return 0, false
}

// machineTags returns fixture machine i's tags: every machine carries "isoconform", every
// second one also "test tag 1" (the documents' example tag), so machineTags/any() filters have
// something to tell apart.
func machineTags(i int) []string {
	if i%2 == 0 {
		return []string{"isoconform", "test tag 1"}
	}
	return []string{"isoconform"}
}

// findByIPCall matches the function segment of GET machines/findbyip(ip='…',timestamp=…).
var findByIPCall = regexp.MustCompile(`^(?i:findbyip)\(\s*(?i:ip)\s*=\s*'([^']*)'\s*,\s*(?i:timestamp)\s*=\s*([^,()]+?)\s*\)$`)

// isFindByIP reports whether the machines/{id} segment is a findbyip call.
func isFindByIP(id string) bool {
	return len(id) > 9 && strings.EqualFold(id[:9], "findbyip(")
}

// findByIP serves GET {base}/machines/findbyip(ip='…',timestamp=…) (find-machines-by-ip.md):
// the machines whose last internal IP is ip, 200 with a Machines collection; 404 when none
// is; 400 for a malformed call, an address that is not an IP, or a timestamp outside the past
// 30 days. The mock keeps no IP history, so the ±15 minutes around the timestamp are not
// checked against when a machine had the address.
func (x *exchange) findByIP(call string) {
	m := findByIPCall.FindStringSubmatch(call)
	if m == nil {
		x.fail(apiError{http.StatusBadRequest, codeInvalidInput, "Invalid input: want findbyip(ip='10.0.0.1',timestamp=2024-01-02T03:04:05Z)."}, ruleParameter)
		return
	}
	ip, rawTime := m[1], m[2]
	if net.ParseIP(ip) == nil {
		x.fail(apiError{http.StatusBadRequest, "InvalidIpAddress", "Invalid IP address " + printable(ip) + "."}, ruleParameter)
		return
	}
	ts, err := parseODataDate(strings.Trim(rawTime, "'"))
	if err != nil {
		x.fail(apiError{http.StatusBadRequest, codeInvalidInput, "Invalid input: timestamp " + printable(rawTime) + " is not a date-time."}, ruleParameter)
		return
	}
	now := x.s.now()
	if ts.Before(now.Add(-findByIPWindow)) || ts.After(now.Add(5*time.Minute)) {
		x.fail(apiError{http.StatusBadRequest, codeInvalidInput, "Invalid input: the timestamp must be within the past 30 days."}, "")
		return
	}
	page := []object{}
	for i := range x.s.machines {
		d := x.s.details(i)
		if d.lastIPAddress == ip {
			page = append(page, d.render())
		}
	}
	if len(page) == 0 {
		x.fail(apiError{http.StatusNotFound, codeResourceNotFound, "No machine was seen with IP " + ip + " around " + formatDate(ts) + "."}, "")
		return
	}
	x.sendJSON(http.StatusOK, object{{"@odata.context", x.origin() + "/$metadata#Machines"}, {"value", page}}, nil)
}

// getFullMachine answers GET {base}/machines/{id} of the current profile with the full Machine
// entity, the machine named by id or computer DNS name.
func (x *exchange) getFullMachine(key string) {
	i, ok := x.s.machineByKey(key)
	if !ok {
		x.fail(apiError{http.StatusNotFound, codeResourceNotFound, "Machine " + key + " was not found"}, "")
		return
	}
	x.sendJSON(http.StatusOK, append(object{{"@odata.context", x.origin() + "/$metadata#Machines/$entity"}}, x.s.details(i).render()...), nil)
}

// parseODataDate parses an OData date or date-time literal, as the documents' examples write
// them (lastSeen gt 2018-08-01Z, lastUpdateTime ge 2019-11-22T00:00:00Z); one without an
// offset is UTC.
func parseODataDate(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02Z07:00", "2006-01-02", "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	if strings.HasSuffix(s, "Z") {
		if t, err := time.Parse("2006-01-02", strings.TrimSuffix(s, "Z")); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date-time", s)
}

// printable returns s cut at 128 bytes with control and non-ASCII bytes replaced by '?', for
// echoing client input in a message.
func printable(s string) string {
	if len(s) > 128 {
		s = s[:128]
	}
	b := []byte(s)
	for i, c := range b {
		if c < 0x20 || c > 0x7e {
			b[i] = '?'
		}
	}
	return string(b)
}

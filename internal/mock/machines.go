package mock

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/isoconform/isoconform/fixtures"
)

// machineDetails is the full Machine entity of a fixture machine, as GET {base}/machines
// answers it. fixtures/machines.json holds the id, name, platform and health of each machine;
// the other properties are derived from the machine's place in the file, so they are the same
// on every run and every server.
type machineDetails struct {
	m                     fixtures.Machine
	firstSeen, lastSeen   time.Time
	osVersion             *string
	osProcessor           string
	version               *string
	osBuild               *int
	agentVersion          string
	lastIPAddress         string
	lastExternalIPAddress string
	onboardingStatus      string
	deviceValue           string
	rbacGroupID           int
	rbacGroupName         string
	riskScore             string
	exposureLevel         string
	isAADJoined           bool
	aadDeviceID           *string
	tags                  []string
}

// platformFacts are the version facts of an osPlatform value.
type platformFacts struct {
	osVersion, version *string
	osBuild            *int
	agent              string
}

func platformOf(platform string) platformFacts {
	str := func(s string) *string { return &s }
	num := func(n int) *int { return &n }
	switch platform {
	case "Windows11":
		return platformFacts{str("10.0.22631"), str("23H2"), num(22631), "10.8760.22631.4169"}
	case "WindowsServer2019":
		return platformFacts{str("10.0.17763"), str("1809"), num(17763), "10.8760.17763.6293"}
	case "Linux":
		return platformFacts{str("Ubuntu 22.04.4 LTS"), nil, nil, "101.24082.0004"}
	default: // Windows10
		return platformFacts{str("10.0.19045"), str("22H2"), num(19045), "10.8760.19045.4894"}
	}
}

// details derives fixture machine i's full entity.
func (s *Server) details(i int) machineDetails {
	m := s.machines[i]
	f := platformOf(m.OSPlatform)
	d := machineDetails{
		m:                     m,
		firstSeen:             time.Date(2024, 3, 4, 9, 12, 31, 123456700, time.UTC).AddDate(0, 0, i),
		lastSeen:              time.Date(2025, 3, 12, 9, 58, 2, 765432100, time.UTC).Add(-time.Duration(i) * 7 * time.Minute),
		osVersion:             f.osVersion,
		osProcessor:           "x64",
		version:               f.version,
		osBuild:               f.osBuild,
		agentVersion:          f.agent,
		lastIPAddress:         fmt.Sprintf("10.10.0.%d", 10+i%200),
		lastExternalIPAddress: fmt.Sprintf("203.0.113.%d", 10+i%200),
		onboardingStatus:      "Onboarded",
		deviceValue:           []string{"Normal", "Normal", "High", "Normal", "Low"}[i%5],
		rbacGroupName:         "UnassignedGroup",
		riskScore:             []string{"None", "Low", "Medium", "High", "Informational"}[i%5],
		exposureLevel:         []string{"Low", "Medium", "High", "None"}[i%4],
		tags:                  machineTags(i),
	}
	if i%3 == 1 {
		d.rbacGroupID, d.rbacGroupName = 43, "Workstations"
	}
	if m.OSPlatform == "Windows11" || m.OSPlatform == "Windows10" && i%2 == 0 {
		b := sha256.Sum256([]byte("aad:" + m.ID))
		b[6] = b[6]&0x0f | 0x40
		b[8] = b[8]&0x3f | 0x80
		id := fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
		d.isAADJoined, d.aadDeviceID = true, &id
	}
	return d
}

// render returns the entity in the documents' key order.
func (d machineDetails) render() object {
	return object{
		{"id", d.m.ID},
		{"computerDnsName", d.m.ComputerDNSName},
		{"firstSeen", formatDate(d.firstSeen)},
		{"lastSeen", formatDate(d.lastSeen)},
		{"osPlatform", d.m.OSPlatform},
		{"osVersion", d.osVersion},
		{"osProcessor", d.osProcessor},
		{"version", d.version},
		{"lastIpAddress", d.lastIPAddress},
		{"lastExternalIpAddress", d.lastExternalIPAddress},
		{"agentVersion", d.agentVersion},
		{"osBuild", d.osBuild},
		{"healthStatus", d.m.HealthStatus},
		{"deviceValue", d.deviceValue},
		{"rbacGroupId", d.rbacGroupID},
		{"rbacGroupName", d.rbacGroupName},
		{"riskScore", d.riskScore},
		{"exposureLevel", d.exposureLevel},
		{"isAadJoined", d.isAADJoined},
		{"aadDeviceId", d.aadDeviceID},
		{"machineTags", d.tags},
		{"onboardingStatus", d.onboardingStatus},
	}
}

// machineProperty returns how a Machine property compares, if the mock filters on it: the
// properties get-machines.md lists, except machineTags (a collection, filtered with any()).
func machineProperty(field string) (propKind, bool) {
	switch field {
	case "id", "computerDnsName", "version", "deviceValue", "aadDeviceId", "exposureLevel",
		"onboardingStatus", "lastIpAddress", "healthStatus", "osPlatform", "riskScore":
		return propString, true
	case "lastSeen":
		return propDate, true
	case "rbacGroupId":
		return propNumber, true
	}
	return 0, false
}

// value returns the typed value of a filterable property (nil when null).
func (d machineDetails) value(field string) any {
	switch field {
	case "id":
		return d.m.ID
	case "computerDnsName":
		return d.m.ComputerDNSName
	case "version":
		if d.version != nil {
			return *d.version
		}
	case "deviceValue":
		return d.deviceValue
	case "aadDeviceId":
		if d.aadDeviceID != nil {
			return *d.aadDeviceID
		}
	case "exposureLevel":
		return d.exposureLevel
	case "onboardingStatus":
		return d.onboardingStatus
	case "lastIpAddress":
		return d.lastIPAddress
	case "healthStatus":
		return d.m.HealthStatus
	case "osPlatform":
		return d.m.OSPlatform
	case "riskScore":
		return d.riskScore
	case "lastSeen":
		return d.lastSeen
	case "rbacGroupId":
		return d.rbacGroupID
	}
	return nil
}

// supportedMachineQueryOption reports whether GET machines understands the OData system
// query option.
func supportedMachineQueryOption(name string) bool {
	return name == "$filter" || name == "$top" || name == "$skip" || name == "$select"
}

// oDataError answers 400 ODataError for a query the mock does not support, in the envelope
// GET machineactions uses.
func (x *exchange) oDataError(message string) {
	x.fail(apiError{http.StatusBadRequest, codeODataError, "The query specified in the URI is not valid. " + message}, ruleParameter)
}

// machineQuery is the parsed query of GET machines, as the query hooks of the active
// behaviours see it before it is applied.
type machineQuery struct {
	unsupported []string // system query options it does not understand
	clauses     []clause
	funcs       []funcClause
	filterErr   error // why $filter cannot be applied
	selected    []string
	selectErr   string // why $select cannot be applied
	top, skip   int
}

// parseMachineQuery parses GET machines' query options.
func (x *exchange) parseMachineQuery(q url.Values) machineQuery {
	mq := machineQuery{top: maxPageSize}
	for k := range q {
		if strings.HasPrefix(k, "$") && !supportedMachineQueryOption(k) {
			mq.unsupported = append(mq.unsupported, k)
		}
	}
	if f := q.Get("$filter"); f != "" {
		mq.clauses, mq.funcs, mq.filterErr = parseMachineFilter(f)
	}
	if sel := q.Get("$select"); sel != "" {
		known := x.s.details(0).render()
		for _, name := range strings.Split(sel, ",") {
			name = strings.TrimSpace(name)
			if _, ok := known.get(name); !ok {
				mq.selectErr = "$select: could not find a property named '" + name + "' on Machine."
				break
			}
			mq.selected = append(mq.selected, name)
		}
	}
	if v, err := strconv.Atoi(q.Get("$top")); err == nil && v > 0 && v < mq.top {
		mq.top = v
	}
	if v, err := strconv.Atoi(q.Get("$skip")); err == nil && v > 0 {
		mq.skip = v
	}
	return mq
}

// listMachines serves GET {base}/machines with $filter, $top, $skip and $select, in
// fixture order, pages of at most 10,000 with @odata.nextLink. Any other system query
// option, or a filter or selection it cannot apply, is answered 400 ODataError.
func (x *exchange) listMachines() {
	q := x.r.URL.Query()
	mq := x.parseMachineQuery(q)
	for _, b := range x.active() {
		if b.query != nil {
			b.query(x, &mq)
		}
	}
	switch {
	case len(mq.unsupported) > 0:
		x.oDataError("Custom query option '" + mq.unsupported[0] + "' that starts with '$' is not supported.")
		return
	case mq.filterErr != nil:
		x.oDataError("$filter: " + mq.filterErr.Error() + ".")
		return
	case mq.selectErr != "":
		x.oDataError(mq.selectErr)
		return
	}
	clauses, funcs, selected, top, skip := mq.clauses, mq.funcs, mq.selected, mq.top, mq.skip
	page := []object{}
	seen, more := 0, false
	for i := range x.s.machines {
		d := x.s.details(i)
		if !matchesAll(clauses, d.value) || !d.holdsAll(funcs) {
			continue
		}
		seen++
		switch {
		case seen <= skip:
		case len(page) < top:
			o := d.render()
			if selected != nil {
				o = slices.DeleteFunc(o, func(f field) bool { return !slices.Contains(selected, f.key) })
			}
			page = append(page, o)
		default:
			more = true
		}
	}
	origin := x.origin()
	body := object{{"@odata.context", origin + "/$metadata#Machines"}, {"value", page}}
	if more {
		body = append(body, field{"@odata.nextLink", nextLink(origin+"/machines", q, skip, top)})
	}
	x.sendJSON(http.StatusOK, body, nil)
}

package mock

import (
	"net/http"
	"strings"

	"github.com/isoconform/isoconform/spec"
)

// alertsAuthorization is who may list alerts (get-alerts.md).
func alertsAuthorization() spec.Authorization {
	return spec.Authorization{Permissions: spec.Permissions{
		Application: []string{"Alert.Read.All", "Alert.ReadWrite.All"},
		Delegated:   []string{"Alert.Read", "Alert.ReadWrite"},
	}}
}

// serveUnrouted serves a request that no operation of the document routes: GET alerts (the
// call connection tests make) is answered an empty Alerts collection, an endpoint the
// documents describe but the mock does not emulate gets 501 and a note. It reports false
// for any other path, which is the client's 404.
func (x *exchange) serveUnrouted() bool {
	if x.profile != spec.Current {
		return false
	}
	rest := strings.TrimPrefix(x.r.URL.Path, x.base)
	if strings.EqualFold(rest, "/alerts") && x.r.Method == http.MethodGet {
		x.op = operation{authz: alertsAuthorization()}
		if !x.authenticate() || !x.authorize() {
			return true
		}
		x.sendJSON(http.StatusOK, object{{"@odata.context", x.origin() + "/$metadata#Alerts"}, {"value", []object{}}}, nil)
		return true
	}
	if !documentedPath(rest) {
		return false
	}
	msg := "The isoconform mock does not emulate " + printable(x.r.Method) + " " + printable(x.r.URL.Path) + ": it is a documented Defender for Endpoint endpoint outside the isolation calls the mock serves."
	x.note(NoteNotEmulated, apiError{http.StatusNotImplemented, "NotImplemented", msg}, msg)
	return true
}

// documentedPath reports whether rest (the path after the base path) is one of the Defender
// for Endpoint API's documented endpoints (exposed-apis-list.md and the pages it links).
func documentedPath(rest string) bool {
	seg := strings.Split(strings.Trim(rest, "/"), "/")
	if len(seg) == 0 || seg[0] == "" {
		return false
	}
	first := strings.ToLower(seg[0])
	switch first {
	case "alerts", "files", "ips", "domains", "users", "indicators", "investigations", "advancedqueries",
		"libraryfiles", "exposurescore", "configurationscore", "machinegroups", "vulnerabilities",
		"recommendations", "software", "remediationtasks", "browserextensions", "certificateassessments",
		"deviceavinfo", "baselineconfigurations", "baselineprofiles", "machine":
		return first != "machine" // the singular is a client's typo (windows-itpro-docs#8830)
	case "machines":
		switch {
		case len(seg) == 2:
			s := strings.ToLower(seg[1])
			return strings.HasPrefix(s, "findbytag") || s == "softwareinventorybymachine" || s == "softwarevulnerabilitiesbymachine" ||
				s == "securityrecommendationsbymachine" || strings.HasPrefix(s, "find(") || s == "logonusers"
		case len(seg) >= 3:
			switch strings.ToLower(seg[2]) {
			case "runantivirusscan", "collectinvestigationpackage", "restrictcodeexecution", "unrestrictcodeexecution",
				"offboard", "stopandquarantinefile", "runliveresponse", "tags", "logonusers", "alerts", "software",
				"vulnerabilities", "recommendations", "getmissingkbs", "streamlinedconnectivity":
				return true
			}
		}
	case "machineactions":
		if len(seg) >= 3 {
			switch strings.ToLower(seg[2]) {
			case "getpackageuri", "getliveresponseresultdownloadlink":
				return true
			}
		}
	}
	return false
}

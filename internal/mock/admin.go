package mock

import "net/http"

// adminBase is the root of the mock's own endpoints.
const adminBase = "/_isoconform"

// serveAdmin serves the mock's own endpoints, which need no token but refuse web pages of
// other origins (adminAllowed):
//
//	GET    /_isoconform/violations   {"violations":[...]} oldest first
//	DELETE /_isoconform/violations   forget them (204)
//	GET    /_isoconform/deviations   {"deviations":[...]} the deviations committed
//	POST   /_isoconform/faults       queue a Fault, or an array of them (201 {"faults":[...]})
//	GET    /_isoconform/faults       {"faults":[...]} the faults still queued
//	DELETE /_isoconform/faults       empty the queue (204)
//	GET    /_isoconform/verdicts     {"verdicts":[...]} the client verdicts
//	DELETE /_isoconform/verdicts     forget them (204)
//	GET    /_isoconform/notes        {"notes":[...]} what was not the client's fault
//	DELETE /_isoconform/notes        forget them (204)
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	x := s.newExchange(w, r, "")
	defer x.finish()
	if !x.adminAllowed() {
		return
	}
	switch r.URL.Path {
	case adminBase + "/violations":
		x.serveLog(func() any { return map[string][]Violation{"violations": s.Violations()} }, s.ClearViolations)
	case adminBase + "/faults":
		s.serveFaultsAdmin(x)
	case adminBase + "/notes":
		x.serveLog(func() any { return map[string][]Note{"notes": s.Notes()} }, s.ClearNotes)
	case adminBase + "/verdicts":
		x.serveLog(func() any { return verdictList{Verdicts: s.Verdicts(), Dropped: s.VerdictsDropped()} }, s.ClearVerdicts)
	case adminBase + "/deviations":
		if r.Method != http.MethodGet {
			x.refuseMethod("GET")
			return
		}
		var active []Deviation
		for _, d := range Catalogue() {
			if _, ok := s.dev[d.Name]; ok {
				active = append(active, d)
			}
		}
		if active == nil {
			active = []Deviation{}
		}
		x.w.Header().Set("Content-Type", contentTypeJSON)
		writeJSONBody(x.w, http.StatusOK, map[string][]Deviation{"deviations": active})
	default:
		x.fail(notFoundRoute(), "")
	}
}

// serveLog serves one of the mock's logs: GET answers body() as JSON, DELETE calls clear and
// answers 204, any other method 405.
func (x *exchange) serveLog(body func() any, clear func()) {
	switch x.r.Method {
	case http.MethodGet:
		x.w.Header().Set("Content-Type", contentTypeJSON)
		writeJSONBody(x.w, http.StatusOK, body())
	case http.MethodDelete:
		clear()
		x.w.WriteHeader(http.StatusNoContent)
	default:
		x.refuseMethod("GET, DELETE")
	}
}

// refuseMethod answers an admin request whose method the endpoint does not take: 405, with
// the methods it does take in Allow.
func (x *exchange) refuseMethod(allow string) {
	x.w.Header().Set("Allow", allow)
	x.fail(methodNotAllowed(x.r.Method), "")
}

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
		switch r.Method {
		case http.MethodGet:
			x.w.Header().Set("Content-Type", contentTypeJSON)
			writeJSONBody(x.w, http.StatusOK, map[string][]Violation{"violations": s.Violations()})
		case http.MethodDelete:
			s.ClearViolations()
			x.w.WriteHeader(http.StatusNoContent)
		default:
			x.w.Header().Set("Allow", "GET, DELETE")
			x.fail(apiError{http.StatusMethodNotAllowed, codeMethodNotAllowed, "The requested resource does not support http method '" + r.Method + "'."}, "")
		}
	case adminBase + "/faults":
		s.serveFaultsAdmin(x)
	case adminBase + "/notes":
		s.serveNotesAdmin(x)
	case adminBase + "/verdicts":
		s.serveVerdictsAdmin(x)
	case adminBase + "/deviations":
		if r.Method != http.MethodGet {
			x.w.Header().Set("Allow", "GET")
			x.fail(apiError{http.StatusMethodNotAllowed, codeMethodNotAllowed, "The requested resource does not support http method '" + r.Method + "'."}, "")
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

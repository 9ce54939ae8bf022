package mock

import (
	"mime"
	"net"
	"net/http"
	"slices"
	"strings"
)

// The mock answers only under names it was given, so that a web page cannot reach it through
// a name of its own that resolves to loopback (DNS rebinding), and it never writes a Host
// header it was sent into an answer.

// authority returns the host (with its port) the mock answers a request sent with Host host
// as, and false when it does not answer under that name. It answers under loopback addresses
// and localhost, the address it listens on (any IP address when that is unspecified), and
// Options.HostNames. The result is the mock's
// own spelling: the listen address for a loopback name when it is known, else the name
// lower-cased with a numeric port; it is what @odata.context and the OpenID metadata name.
func (s *Server) authority(host string) (string, bool) {
	name, port := splitHost(strings.ToLower(host))
	if name == "" || !numeric(port) {
		return "", false
	}
	withPort := func(n string) string {
		if port == "" {
			return n
		}
		return net.JoinHostPort(n, port)
	}
	if slices.Contains(s.hostNames, name) {
		return withPort(name), true
	}
	listenName, _ := splitHost(s.listen)
	loopback := name == "localhost" || isLoopbackIP(name)
	switch {
	case s.listen != "" && (loopback || name == listenName):
		return s.listen, true
	case loopback, s.anyIP && net.ParseIP(name) != nil:
		return withPort(name), true
	}
	return "", false
}

// listening tells the server the address it was started on (before it serves): a specific
// address is its name; on an unspecified one (0.0.0.0, ::) it answers under any IP address,
// which no rebinding name is.
func (s *Server) listening(addr string) {
	name, _ := splitHost(addr)
	if ip := net.ParseIP(name); ip != nil && ip.IsUnspecified() {
		s.anyIP = true
		return
	}
	s.listen = strings.ToLower(addr)
}

// splitHost splits host[:port] (IPv6 in brackets) into name and port, without brackets.
func splitHost(host string) (name, port string) {
	if n, p, err := net.SplitHostPort(host); err == nil {
		return n, p
	}
	return strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"), ""
}

func numeric(s string) bool {
	return len(s) <= 5 && !strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}

func isLoopbackIP(name string) bool {
	ip := net.ParseIP(name)
	return ip != nil && ip.IsLoopback()
}

// hostNames returns the names of Options.HostNames lower-cased, without a port.
func hostNames(names []string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		if n, _ := splitHost(strings.ToLower(strings.TrimSpace(n))); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// misdirected answers a request sent under a name the mock does not answer as: 421, the
// name not repeated.
func (s *Server) misdirected(w http.ResponseWriter, r *http.Request) {
	x := s.newExchange(w, r, "")
	defer x.finish()
	x.fail(apiError{http.StatusMisdirectedRequest, codeMisdirected,
		"This server does not answer under the host name the request was sent to."}, "")
}

// adminAllowed reports whether an admin request may be served: not sent by a web page of
// another origin (its Origin, when sent, is the mock's own; Sec-Fetch-Site, when sent, is
// same-origin or none), and a POST of faults carries JSON, which no page can send across origins
// without the preflight the mock never grants. It answers 403 or 415 when not.
func (x *exchange) adminAllowed() bool {
	r := x.r
	if o := r.Header.Get("Origin"); o != "" && !strings.EqualFold(o, schemeOf(r)+"://"+r.Host) {
		x.fail(apiError{http.StatusForbidden, codeForbidden, "The mock's own endpoints refuse requests from another origin."}, "")
		return false
	}
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		x.fail(apiError{http.StatusForbidden, codeForbidden, "The mock's own endpoints refuse requests from another site."}, "")
		return false
	}
	if r.Method == http.MethodPost && r.URL.Path == adminBase+"/faults" {
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mt != "application/json" {
			x.fail(apiError{http.StatusUnsupportedMediaType, codeUnsupportedMedia,
				"The mock's own endpoints take a body only as Content-Type application/json."}, "")
			return false
		}
	}
	return true
}

// schemeOf returns the scheme a request came in by.
func schemeOf(r *http.Request) string {
	if r.TLS != nil {
		return "https"
	}
	return "http"
}

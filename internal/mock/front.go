package mock

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"

	"github.com/isoconform/isoconform/internal/proxy"
)

// ruleProxyHost records a proxy request for a host the mock does not answer for (403).
const ruleProxyHost = "proxy-host-refused"

// sniffTimeout bounds the wait for a connection's first byte when TLS and HTTP share a port.
const sniffTimeout = readHeaderTimeout

// front is what Options.Proxy and Options.TLS put in front of the server: the CA, the
// listener that takes TLS and tunnelled connections, and the handler that answers CONNECT.
type front struct {
	ca       *proxy.CA
	listener net.Listener
	handler  http.Handler
}

// newFront wraps ln and h for s's Proxy and TLS options. Without either it returns them as
// they are.
func (s *Server) newFront(ln net.Listener, h http.Handler) (*front, error) {
	if !s.opts.Proxy && !s.opts.TLS {
		return &front{listener: ln, handler: h}, nil
	}
	ca, err := proxy.NewCA(s.opts.Now)
	if err != nil {
		return nil, fmt.Errorf("mock: %w", err)
	}
	hosts := s.ProxyHosts()
	var direct *tls.Config
	if s.opts.TLS {
		local := localNames(ln.Addr())
		if _, err := ca.Leaf(local...); err != nil {
			return nil, fmt.Errorf("mock: %w", err)
		}
		direct = &tls.Config{
			MinVersion: tls.VersionTLS12,
			NextProtos: []string{"http/1.1"},
			GetCertificate: func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
				if name := strings.ToLower(strings.TrimSuffix(hello.ServerName, ".")); name != "" && slices.Contains(hosts, name) {
					return ca.Leaf(name)
				}
				return ca.Leaf(local...)
			},
		}
	}
	l := proxy.NewListener(ln, direct, sniffTimeout)
	f := &front{ca: ca, listener: l, handler: h}
	if s.opts.Proxy {
		p, err := proxy.New(proxy.Config{
			CA:     ca,
			Hosts:  hosts,
			Self:   selfAddrs(ln.Addr()),
			Serve:  l.Inject,
			Refuse: s.refuseProxy,
		})
		if err != nil {
			return nil, fmt.Errorf("mock: %w", err)
		}
		f.handler = p.Handler(h)
	}
	return f, nil
}

// ProxyHosts returns the host names the mock answers for as the API and its token service
// when Options.Proxy is set (Options.ProxyHosts, else proxy.MicrosoftHosts()), and nil when it
// is not. The slice is fresh.
func (s *Server) ProxyHosts() []string {
	if !s.opts.Proxy && !s.opts.TLS {
		return nil
	}
	if s.opts.ProxyHosts != nil {
		return slices.Clone(s.opts.ProxyHosts)
	}
	return proxy.MicrosoftHosts()
}

// refuseProxy answers a proxy request for a host the mock does not answer for: 403 in the
// error envelope, recorded as a violation whose path is the target the client named.
func (s *Server) refuseProxy(w http.ResponseWriter, r *http.Request, reason string) {
	rec := r.Clone(r.Context())
	rec.URL.Path = proxy.Printable(r.Host)
	if r.Method != http.MethodConnect {
		rec.URL.Path = proxy.Printable(r.URL.String())
	}
	x := s.newExchange(w, rec, "")
	defer x.finish()
	x.fail(apiError{http.StatusForbidden, codeForbidden, reason}, ruleProxyHost)
}

// localNames returns the names the direct TLS certificate carries: localhost, the loopback
// addresses and the listening IP.
func localNames(addr net.Addr) []string {
	names := []string{"localhost", "127.0.0.1", "::1"}
	if ta, ok := addr.(*net.TCPAddr); ok && !ta.IP.IsUnspecified() && !slices.Contains(names, ta.IP.String()) {
		names = append(names, ta.IP.String())
	}
	return names
}

// selfAddrs returns the host:port forms a client may name the mock's own listener by.
func selfAddrs(addr net.Addr) []string {
	ta, ok := addr.(*net.TCPAddr)
	if !ok {
		return []string{addr.String()}
	}
	port := fmt.Sprint(ta.Port)
	out := []string{net.JoinHostPort("localhost", port)}
	for _, n := range localNames(addr)[1:] {
		out = append(out, net.JoinHostPort(n, port))
	}
	return out
}

package proxy

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"
)

// handshakeTimeout bounds a tunnel's TLS handshake.
const handshakeTimeout = 10 * time.Second

// Config configures a Proxy.
type Config struct {
	// CA signs the certificates of the hosts the proxy answers for. Required.
	CA *CA
	// Hosts are the host names answered by the mock itself (compared without case and a
	// trailing dot); nil means MicrosoftHosts().
	Hosts []string
	// Self are the host:port addresses of the mock's own listener: a plain proxy request for
	// one of them is served too, so a client that sends everything to its proxy still reaches
	// the mock's own URL.
	Self []string
	// Serve takes over the decrypted connection of a CONNECT tunnel and serves HTTP on it,
	// e.g. Listener.Inject. Required.
	Serve func(net.Conn) bool
	// Refuse answers a proxy request for a host that is not answered (a 403 that says why;
	// reason is a sentence about target, already safe to print). It records the request; nil
	// writes a plain-text 403.
	Refuse func(w http.ResponseWriter, r *http.Request, reason string)
}

// Proxy is the forward-proxy front of the mock's handler. It is safe for concurrent use.
type Proxy struct {
	ca     *CA
	hosts  []string
	self   []string
	serve  func(net.Conn) bool
	refuse func(w http.ResponseWriter, r *http.Request, reason string)
}

// New returns a Proxy for cfg.
func New(cfg Config) (*Proxy, error) {
	if cfg.CA == nil || cfg.Serve == nil {
		return nil, errors.New("proxy: Config needs CA and Serve")
	}
	hosts := cfg.Hosts
	if hosts == nil {
		hosts = MicrosoftHosts()
	}
	p := &Proxy{ca: cfg.CA, serve: cfg.Serve, refuse: cfg.Refuse}
	for _, h := range hosts {
		p.hosts = append(p.hosts, normalHost(h))
	}
	for _, s := range cfg.Self {
		p.self = append(p.self, strings.ToLower(s))
	}
	if p.refuse == nil {
		p.refuse = func(w http.ResponseWriter, _ *http.Request, reason string) {
			http.Error(w, reason, http.StatusForbidden)
		}
	}
	return p, nil
}

// Hosts returns the host names the proxy answers for, in lower case.
func (p *Proxy) Hosts() []string { return slices.Clone(p.hosts) }

// Answers reports whether host (no port) is one the proxy answers for.
func (p *Proxy) Answers(host string) bool { return slices.Contains(p.hosts, normalHost(host)) }

// Handler returns next behind the proxy: CONNECT and absolute-form requests are the proxy's,
// every other request goes to next unchanged.
func (p *Proxy) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodConnect:
			p.connect(w, r)
		case r.URL.IsAbs():
			p.forward(w, r, next)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// connect answers a CONNECT for an answered host on port 443 by terminating TLS itself and
// handing the connection to Serve. Nothing is dialled.
func (p *Proxy) connect(w http.ResponseWriter, r *http.Request) {
	host, port := splitTarget(r.Host, "")
	switch {
	case !p.Answers(host):
		p.refuse(w, r, refusal(r.Host))
		return
	case port != "443":
		p.refuse(w, r, fmt.Sprintf("isoconform mock proxy: CONNECT to %s refused: only port 443 of the Microsoft hosts is answered; nothing was contacted", Printable(r.Host)))
		return
	}
	conn, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		http.Error(w, "isoconform mock proxy: this connection cannot be tunnelled", http.StatusInternalServerError)
		return
	}
	_ = conn.SetDeadline(time.Time{})
	if _, err := brw.WriteString("HTTP/1.1 200 Connection Established\r\n\r\n"); err != nil {
		_ = conn.Close()
		return
	}
	if err := brw.Flush(); err != nil {
		_ = conn.Close()
		return
	}
	var raw net.Conn = conn
	if brw.Reader.Buffered() > 0 {
		raw = &peekedConn{Conn: conn, r: brw.Reader}
	}
	cfg := &tls.Config{
		MinVersion: tls.VersionTLS12,
		NextProtos: []string{"http/1.1"},
		GetCertificate: func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
			name := host
			if hello.ServerName != "" {
				name = normalHost(hello.ServerName)
			}
			if !p.Answers(name) {
				return nil, fmt.Errorf("proxy: no certificate for %q", Printable(name))
			}
			return p.ca.Leaf(name)
		},
	}
	tc := tls.Server(raw, cfg)
	_ = tc.SetDeadline(time.Now().Add(handshakeTimeout))
	if err := tc.HandshakeContext(r.Context()); err != nil {
		_ = tc.Close()
		return
	}
	_ = tc.SetDeadline(time.Time{})
	p.serve(tc)
}

// forward serves a plain-HTTP proxy request for an answered host (or the mock itself) with
// next, as the origin server would; any other host is refused.
func (p *Proxy) forward(w http.ResponseWriter, r *http.Request, next http.Handler) {
	host, port := splitTarget(r.URL.Host, "80")
	self := slices.Contains(p.self, strings.ToLower(r.URL.Host))
	if !self && (!p.Answers(host) || r.URL.Scheme != "http" || port != "80") {
		p.refuse(w, r, refusal(r.URL.Host))
		return
	}
	out := r.Clone(r.Context())
	out.Host = r.URL.Host
	out.URL.Scheme, out.URL.Host = "", ""
	out.RequestURI = out.URL.RequestURI()
	out.Header.Del("Proxy-Connection")
	out.Header.Del("Proxy-Authorization")
	next.ServeHTTP(w, out)
}

// refusal is the sentence a refused client reads.
func refusal(target string) string {
	return fmt.Sprintf("isoconform mock proxy: %s is not a host of the Defender for Endpoint API or its token service, so the mock does not answer for it; it was not contacted", Printable(target))
}

// Printable returns s cut at 255 bytes with every byte outside printable ASCII replaced by
// '?', for echoing a host a client named.
func Printable(s string) string {
	if len(s) > 255 {
		s = s[:255]
	}
	b := []byte(s)
	for i, c := range b {
		if c < 0x20 || c > 0x7e {
			b[i] = '?'
		}
	}
	return string(b)
}

package proxy

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCALeafVerifiesForItsNameOnly(t *testing.T) {
	ca, err := NewCA(nil)
	require.NoError(t, err)
	block, _ := pem.Decode(ca.CertPEM())
	require.NotNil(t, block)
	root, err := x509.ParseCertificate(block.Bytes)
	require.NoError(t, err)
	assert.True(t, root.IsCA)

	leaf, err := ca.Leaf("api.securitycenter.microsoft.com")
	require.NoError(t, err)
	again, err := ca.Leaf("api.securitycenter.microsoft.com")
	require.NoError(t, err)
	assert.Same(t, leaf, again, "a leaf is minted once per name")
	opts := x509.VerifyOptions{Roots: ca.Pool(), DNSName: "api.securitycenter.microsoft.com"}
	_, err = leaf.Leaf.Verify(opts)
	require.NoError(t, err)
	opts.DNSName = "login.microsoftonline.com"
	_, err = leaf.Leaf.Verify(opts)
	assert.Error(t, err)

	ipLeaf, err := ca.Leaf("localhost", "127.0.0.1")
	require.NoError(t, err)
	_, err = ipLeaf.Leaf.Verify(x509.VerifyOptions{Roots: ca.Pool(), DNSName: "127.0.0.1"})
	require.NoError(t, err)

	other, err := NewCA(nil)
	require.NoError(t, err)
	_, err = leaf.Leaf.Verify(x509.VerifyOptions{Roots: other.Pool(), DNSName: "api.securitycenter.microsoft.com"})
	assert.Error(t, err, "another process's CA must not verify this one's leaves")
	_, err = ca.Leaf()
	assert.Error(t, err)
}

func TestHostsAreLowerCaseAndIncludeDocumentedHosts(t *testing.T) {
	hosts := MicrosoftHosts()
	for _, want := range []string{"login.microsoftonline.com", "api.securitycenter.microsoft.com", "api.security.microsoft.com",
		"eu.api.security.microsoft.com", "api-us.securitycenter.windows.com", "api.securitycenter.windows.com", "graph.microsoft.com"} {
		assert.Contains(t, hosts, want)
	}
	for _, h := range hosts {
		assert.Equal(t, strings.ToLower(h), h)
	}
	hosts[0] = "changed"
	assert.Equal(t, "login.microsoftonline.com", MicrosoftHosts()[0], "MicrosoftHosts returns a fresh slice")
}

func TestSplitTargetAndPrintable(t *testing.T) {
	h, p := splitTarget("API.Security.Microsoft.com.:443", "")
	assert.Equal(t, "api.security.microsoft.com", h)
	assert.Equal(t, "443", p)
	h, p = splitTarget("graph.microsoft.com", "80")
	assert.Equal(t, "graph.microsoft.com", h)
	assert.Equal(t, "80", p)
	assert.Equal(t, "evil?[31m.example", Printable("evil\x1b[31m.example"))
	assert.Len(t, Printable(strings.Repeat("a", 1000)), 255)
}

// serveProxy serves a Proxy whose tunnels answer every request with the Host they saw.
func serveProxy(t *testing.T) (*CA, string) {
	t.Helper()
	ca, err := NewCA(nil)
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	l := NewListener(ln, nil, time.Second)
	p, err := New(Config{CA: ca, Serve: l.Inject})
	require.NoError(t, err)
	origin := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "host=%s tls=%t path=%s", r.Host, r.TLS != nil, r.URL.Path)
	})
	hs := &http.Server{Handler: p.Handler(origin), ReadHeaderTimeout: time.Second}
	go func() { _ = hs.Serve(l) }()
	t.Cleanup(func() { _ = hs.Close() })
	return ca, ln.Addr().String()
}

func TestConnectRefusesAMismatchedServerName(t *testing.T) {
	ca, addr := serveProxy(t)
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(conn, "CONNECT api.securitycenter.microsoft.com:443 HTTP/1.1\r\nHost: api.securitycenter.microsoft.com:443\r\n\r\n")
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	tc := tls.Client(conn, &tls.Config{RootCAs: ca.Pool(), ServerName: "evil.example"})
	assert.Error(t, tc.Handshake(), "a tunnel to a Microsoft host must not serve a certificate for another name")
}

func TestConnectServesTheTunnelAsTheHost(t *testing.T) {
	ca, addr := serveProxy(t)
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(conn, "CONNECT login.microsoftonline.com:443 HTTP/1.1\r\nHost: login.microsoftonline.com:443\r\n\r\n")
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	tc := tls.Client(conn, &tls.Config{RootCAs: ca.Pool(), ServerName: "login.microsoftonline.com"})
	fmt.Fprintf(tc, "GET /common/discovery/keys HTTP/1.1\r\nHost: login.microsoftonline.com\r\n\r\n")
	resp, err = http.ReadResponse(bufio.NewReader(tc), nil)
	require.NoError(t, err)
	defer resp.Body.Close()
	var sb strings.Builder
	_, _ = bufio.NewReader(resp.Body).WriteTo(&sb)
	assert.Equal(t, "host=login.microsoftonline.com tls=true path=/common/discovery/keys", sb.String())
}

func TestNewNeedsCAAndServe(t *testing.T) {
	_, err := New(Config{})
	assert.Error(t, err)
}

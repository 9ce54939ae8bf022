package mock

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/internal/auth"
)

// soarClient behaves like the integrations SOAR teams ship (a Cortex responder, an
// InsightConnect plugin): it is configured with the API's public base URL, derives the token
// resource from it, reaches the hard-coded https:// Microsoft hosts only through its proxy
// setting, trusts what its CA bundle says, takes a v1 client-credentials token, looks the
// machine up by DNS name, isolates it and polls the action until it is final.
type soarClient struct {
	base     string // e.g. https://api.securitycenter.microsoft.com/api
	tenant   string
	clientID string
	secret   string
	byPath   bool // look the machine up with GET machines/{name} rather than $filter
	http     *http.Client
}

// newSOARClient returns a client whose transport sends everything to proxyURL and trusts
// roots (nil: the system's roots).
func newSOARClient(base, proxyURL string, roots *x509.CertPool, app auth.Principal, tenant string) *soarClient {
	pu, err := url.Parse(proxyURL)
	if err != nil {
		panic(err)
	}
	tr := &http.Transport{
		Proxy:           http.ProxyURL(pu),
		TLSClientConfig: &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
	}
	return &soarClient{base: base, tenant: tenant, clientID: app.AppID, secret: app.ClientSecret,
		http: &http.Client{Transport: tr, Timeout: 10 * time.Second}}
}

func (c *soarClient) close() { c.http.CloseIdleConnections() }

// token asks the v1 endpoint for the base URL's own scheme and host as resource.
func (c *soarClient) token(ctx context.Context) (string, error) {
	u, err := url.Parse(c.base)
	if err != nil {
		return "", err
	}
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {c.clientID},
		"client_secret": {c.secret}, "resource": {u.Scheme + "://" + u.Host}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost,
		"https://login.microsoftonline.com/"+c.tenant+"/oauth2/token", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	var out struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   string `json:"expires_in"`
	}
	if err := c.send(req, http.StatusOK, &out); err != nil {
		return "", err
	}
	if out.AccessToken == "" || out.ExpiresIn == "" {
		return "", errors.New("token answer without access_token or a string expires_in")
	}
	return out.AccessToken, nil
}

func (c *soarClient) send(req *http.Request, want int, out any) error {
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: %d %s", req.Method, req.URL, resp.StatusCode, body)
	}
	return json.Unmarshal(body, out)
}

func (c *soarClient) api(ctx context.Context, token, method, path string, body any, want int, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.send(req, want, out)
}

// isolate runs the whole flow and returns the final action status.
func (c *soarClient) isolate(ctx context.Context, dnsName string) (string, error) {
	tok, err := c.token(ctx)
	if err != nil {
		return "", fmt.Errorf("token: %w", err)
	}
	var machines struct {
		Value []struct {
			ID string `json:"id"`
		} `json:"value"`
	}
	if c.byPath {
		// GET machines/{id} takes the computer name too (get-machine-by-id.md)
		var m struct {
			ID string `json:"id"`
		}
		if err := c.api(ctx, tok, http.MethodGet, "/machines/"+url.PathEscape(dnsName), nil, http.StatusOK, &m); err != nil {
			return "", fmt.Errorf("lookup: %w", err)
		}
		machines.Value = append(machines.Value, m)
	} else {
		filter := url.Values{"$filter": {"computerDnsName eq '" + dnsName + "'"}}
		if err := c.api(ctx, tok, http.MethodGet, "/machines?"+filter.Encode(), nil, http.StatusOK, &machines); err != nil {
			return "", fmt.Errorf("lookup: %w", err)
		}
	}
	if len(machines.Value) != 1 || machines.Value[0].ID == "" {
		return "", fmt.Errorf("lookup: %d machines named %s", len(machines.Value), dnsName)
	}
	var action struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	body := map[string]string{"Comment": "Isolated by the SOAR playbook", "IsolationType": "Full"}
	if err := c.api(ctx, tok, http.MethodPost, "/machines/"+machines.Value[0].ID+"/isolate", body, http.StatusCreated, &action); err != nil {
		return "", fmt.Errorf("isolate: %w", err)
	}
	for action.Status != "Succeeded" && action.Status != "Failed" && action.Status != "Cancelled" {
		select {
		case <-ctx.Done():
			return action.Status, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if err := c.api(ctx, tok, http.MethodGet, "/machineactions/"+action.ID, nil, http.StatusOK, &action); err != nil {
			return "", fmt.Errorf("poll: %w", err)
		}
	}
	return action.Status, nil
}

func startProxy(t *testing.T, opts Options) *Running {
	t.Helper()
	opts.Proxy = true
	r, err := Start(context.Background(), opts, "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = r.Close(context.Background()) })
	require.NotEmpty(t, r.CACertPEM)
	return r
}

func caPool(t *testing.T, pemBytes []byte) *x509.CertPool {
	t.Helper()
	pool := x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(pemBytes))
	return pool
}

func fixtureApp(t *testing.T) (auth.Principal, string) {
	t.Helper()
	ps, err := auth.FixturePrincipals()
	require.NoError(t, err)
	app, ok := ps.Get(auth.PrincipalMachineIsolate)
	require.True(t, ok)
	return app, ps.TenantID()
}

func TestProxyUnmodifiedClientIsolates(t *testing.T) {
	r := startProxy(t, Options{CompletionDelay: 200 * time.Millisecond})
	app, tenant := fixtureApp(t)
	for i, base := range []string{
		"https://api.securitycenter.microsoft.com/api",
		"https://api.security.microsoft.com/api/v1.0",
		"https://api.securitycenter.windows.com/api",
	} {
		t.Run(base, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			c := newSOARClient(base, r.URL, caPool(t, r.CACertPEM), app, tenant)
			c.byPath = i == 1
			defer c.close()
			m := r.Server.Machines()[i]
			status, err := c.isolate(ctx, m.ComputerDNSName)
			require.NoError(t, err)
			assert.Equal(t, "Succeeded", status)
		})
	}
	assert.Empty(t, r.Server.Violations())
	assert.Empty(t, r.Server.Verdicts())
}

func TestProxyClientWithoutCAFailsVerification(t *testing.T) {
	r := startProxy(t, Options{})
	app, tenant := fixtureApp(t)
	// nil roots: the system's trusted roots, which do not hold the mock's CA
	c := newSOARClient("https://api.securitycenter.microsoft.com/api", r.URL, nil, app, tenant)
	defer c.close()
	_, err := c.token(context.Background())
	require.Error(t, err)
	var verify *tls.CertificateVerificationError
	var noRoots x509.SystemRootsError
	assert.True(t, errors.As(err, &verify) || errors.As(err, &noRoots), "want a certificate verification error, got %v", err)
	assert.Empty(t, r.Server.Verdicts())
}

func TestProxyRefusesOtherHostsWithoutDialling(t *testing.T) {
	r := startProxy(t, Options{})
	// A loopback listener stands in for a host the mock must never contact.
	elsewhere, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer elsewhere.Close()
	var dialled atomic.Int32
	go func() {
		for {
			c, err := elsewhere.Accept()
			if err != nil {
				return
			}
			dialled.Add(1)
			_ = c.Close()
		}
	}()
	app, tenant := fixtureApp(t)
	c := newSOARClient("https://api.securitycenter.microsoft.com/api", r.URL, caPool(t, r.CACertPEM), app, tenant)
	defer c.close()
	for _, target := range []string{
		"https://" + elsewhere.Addr().String() + "/api/machines",
		"http://" + elsewhere.Addr().String() + "/api/machines",
		"https://evil.example/steal",
		"http://login.microsoftonline.com.evil.example/x",
		"https://api.securitycenter.microsoft.com:8443/api/machines",
	} {
		req, err := http.NewRequest(http.MethodGet, target, nil)
		require.NoError(t, err)
		resp, err := c.http.Do(req)
		if strings.HasPrefix(target, "https://") {
			// A refused CONNECT surfaces as a transport error naming the proxy's status.
			require.Error(t, err, target)
			assert.Contains(t, err.Error(), "Forbidden", target)
			continue
		}
		require.NoError(t, err, target)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, http.StatusForbidden, resp.StatusCode, target)
		assert.Contains(t, string(body), "was not contacted", target)
	}
	assert.Zero(t, dialled.Load(), "the proxy contacted a host it must refuse")
	vs := r.Server.Violations()
	require.Len(t, vs, 5)
	for _, v := range vs {
		assert.Equal(t, ruleProxyHost, v.Rule)
		assert.Equal(t, http.StatusForbidden, v.Status)
	}
	assert.Equal(t, "evil.example:443", vs[2].Path)
}

func TestProxyPlainHTTPAndPreviewHost(t *testing.T) {
	r := startProxy(t, Options{})
	tok, err := r.Server.Token(auth.PrincipalSecurityAdministrator, "preview-2017")
	require.NoError(t, err)
	pu, _ := url.Parse(r.URL)
	for _, base := range []string{"http://graph.microsoft.com", "https://graph.microsoft.com"} {
		hc := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{Proxy: http.ProxyURL(pu),
			TLSClientConfig: &tls.Config{RootCAs: caPool(t, r.CACertPEM)}}}
		id := r.Server.Machines()[0].ID
		req, _ := http.NewRequest(http.MethodPost, base+"/testwdatppreview/machines/"+id+"/isolate",
			strings.NewReader(`{"Comment":"via the proxy","IsolationType":"Full"}`))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := hc.Do(req)
		require.NoError(t, err, base)
		var a map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&a))
		resp.Body.Close()
		require.Equal(t, http.StatusCreated, resp.StatusCode, "%s: %v", base, a)
		assert.Equal(t, base+"/testwdatppreview/$metadata#MachineActions/$entity", a["@odata.context"])
		hc.CloseIdleConnections()
		// release, so the second round is not a duplicate
		req, _ = http.NewRequest(http.MethodPost, base+"/testwdatppreview/machines/"+id+"/unisolate", strings.NewReader(`{"Comment":"done"}`))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err = hc.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
	}
	// The mock's own URL still works through the proxy (a client without NO_PROXY).
	hc := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{Proxy: http.ProxyURL(pu)}}
	resp, err := hc.Get(r.URL + "/_isoconform/violations")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestTLSServesHTTPSAndHTTPOnOneAddress(t *testing.T) {
	r, err := Start(context.Background(), Options{TLS: true}, "127.0.0.1:0")
	require.NoError(t, err)
	defer r.Close(context.Background())
	hc := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: caPool(t, r.CACertPEM)}}}
	defer hc.CloseIdleConnections()
	for _, u := range []string{r.URL, strings.Replace(r.URL, "http://", "https://", 1),
		strings.Replace(r.URL, "http://127.0.0.1", "https://localhost", 1)} {
		resp, err := hc.Get(u + "/_isoconform/violations")
		require.NoError(t, err, u)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode, u)
	}
	// A client that sends nothing is dropped after the sniff bound, not kept forever; a client
	// that sends something else than TLS or HTTP gets an error, not a hang.
	conn, err := net.Dial("tcp", strings.TrimPrefix(r.URL, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	_, _ = conn.Write([]byte("\x00\x01garbage\r\n\r\n"))
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	b, _ := io.ReadAll(conn)
	assert.Contains(t, string(b), "400 Bad Request")
}

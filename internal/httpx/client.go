package httpx

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// UserAgent is sent when the request sets none.
const UserAgent = "isoconform"

// Client sends requests to a target under the guarantees of the package
// documentation. It is safe for concurrent use; reuse one Client per run so
// connections are kept alive between requests.
type Client struct {
	opts      Options
	transport *http.Transport
}

// New returns a Client configured by opts (zero fields take the defaults).
func New(opts Options) *Client {
	opts = opts.withDefaults()
	dialer := &net.Dialer{Timeout: opts.Timeout, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		Proxy:                  http.ProxyFromEnvironment,
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           32,
		MaxIdleConnsPerHost:    8,
		IdleConnTimeout:        90 * time.Second,
		TLSHandshakeTimeout:    opts.Timeout,
		ResponseHeaderTimeout:  opts.Timeout,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: 64 << 10,
		TLSClientConfig: &tls.Config{
			MinVersion:         tls.VersionTLS12,
			InsecureSkipVerify: opts.InsecureSkipTLSVerify, //nolint:gosec // opt-in, recorded in the report
		},
	}
	return &Client{opts: opts, transport: tr}
}

// Options returns the effective options, defaults applied.
func (c *Client) Options() Options { return c.opts }

// Close releases idle keep-alive connections.
func (c *Client) Close() { c.transport.CloseIdleConnections() }

// Do sends req and reads the whole response, bounded in time and size. It
// always returns a non-nil Exchange recording as much as happened; the
// error, also stored in Exchange.Err, is an *Error. A response with any
// status code is not an error.
//
// Do buffers the request body (so it can be shown and replayed) and sets
// User-Agent when absent; req itself is not modified.
func (c *Client) Do(ctx context.Context, req *http.Request) (*Exchange, error) {
	req = req.Clone(ctx)
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", UserAgent)
	}
	ex := &Exchange{
		Method:        req.Method,
		URL:           req.URL.String(),
		RequestHeader: req.Header.Clone(),
		redactor:      c.opts.Redactor,
		insecure:      c.opts.InsecureSkipTLSVerify,
		timeout:       c.opts.Timeout,
	}
	if ex.Method == "" {
		ex.Method = http.MethodGet
	}
	if err := c.bufferRequestBody(req, ex); err != nil {
		return ex, err
	}

	reqCtx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	req = req.WithContext(reqCtx)

	var refused, acting *url.URL
	tooMany := false
	hc := &http.Client{
		Transport: c.transport,
		CheckRedirect: func(next *http.Request, via []*http.Request) error {
			if !sameOrigin(next.URL, via[0].URL) {
				refused = next.URL
				return http.ErrUseLastResponse
			}
			if !safeMethod(via[0].Method) {
				acting = next.URL
				return http.ErrUseLastResponse
			}
			if len(via) > MaxRedirects {
				tooMany = true
				return fmt.Errorf("stopped after %d redirects", MaxRedirects)
			}
			return nil
		},
	}

	ex.Started = time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		ex.Duration = time.Since(ex.Started)
		if tooMany {
			return ex, ex.fail(KindRedirect, fmt.Sprintf("stopped after %d redirects", MaxRedirects), err)
		}
		kind, detail := classify(err, ctx, c.opts.Timeout, "response")
		return ex, ex.fail(kind, detail, err)
	}
	defer func() { _ = resp.Body.Close() }()

	ex.Proto = resp.Proto
	ex.StatusCode = resp.StatusCode
	ex.Status = resp.Status
	ex.ResponseHeader = resp.Header.Clone()
	if final := resp.Request.URL.String(); final != ex.URL {
		ex.FinalURL = final
	}

	if limit := c.opts.MaxBodyBytes; resp.ContentLength > limit {
		ex.Duration = time.Since(ex.Started)
		return ex, ex.fail(KindBodyTooLarge, fmt.Sprintf("response body exceeds %s (Content-Length %d)", formatBytes(limit), resp.ContentLength), nil)
	}
	body, tooLarge, err := readCapped(resp.Body, c.opts.MaxBodyBytes)
	ex.ResponseBody = body
	ex.Duration = time.Since(ex.Started)
	switch {
	case tooLarge:
		return ex, ex.fail(KindBodyTooLarge, fmt.Sprintf("response body exceeds %s", formatBytes(c.opts.MaxBodyBytes)), nil)
	case err != nil:
		kind, detail := classify(err, ctx, c.opts.Timeout, "response body")
		return ex, ex.fail(kind, detail, err)
	case acting != nil:
		return ex, ex.fail(KindRedirect, fmt.Sprintf(
			"the target answered %s with %s to %s: a request that acts on a machine (isolate, unisolate, cancel) is never re-sent elsewhere, not even within the target's origin, lest it act on a machine the suite was not given; not followed",
			ex.Method, resp.Status, c.opts.Redactor.String(acting.String())), nil)
	case refused != nil:
		return ex, ex.fail(KindRedirect, fmt.Sprintf(
			"redirect to %s not followed: it leaves the target's origin %s, and the Authorization header is never sent elsewhere",
			c.opts.Redactor.String(origin(refused)), c.opts.Redactor.String(origin(req.URL))), nil)
	}
	return ex, nil
}

// bufferRequestBody reads req.Body (up to MaxBodyBytes) into ex and makes
// the request replayable for same-origin redirects.
func (c *Client) bufferRequestBody(req *http.Request, ex *Exchange) error {
	if req.Body == nil || req.Body == http.NoBody {
		return nil
	}
	b, tooLarge, err := readCapped(req.Body, c.opts.MaxBodyBytes)
	_ = req.Body.Close()
	switch {
	case tooLarge:
		return ex.fail(KindRequest, fmt.Sprintf("request body exceeds %s", formatBytes(c.opts.MaxBodyBytes)), nil)
	case err != nil:
		return ex.fail(KindRequest, "reading the request body: "+err.Error(), err)
	}
	ex.RequestBody = b
	req.ContentLength = int64(len(b))
	req.Body = io.NopCloser(bytes.NewReader(b))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	return nil
}

// readCapped reads r until EOF or until more than limit bytes arrived; it
// never holds more than limit+1 bytes. tooLarge reports the latter, in which
// case the first limit bytes are returned.
func readCapped(r io.Reader, limit int64) (body []byte, tooLarge bool, err error) {
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(r, limit+1))
	if n > limit {
		return buf.Bytes()[:limit], true, nil
	}
	return buf.Bytes(), false, err
}

// safeMethod reports whether a request with method only reads: only such a request may
// follow a redirect. Every other one may act on a machine (isolate, unisolate, cancel are
// POSTs), and re-sending it to the path a target names could act on another machine.
func safeMethod(method string) bool {
	switch method {
	case "", http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	return false
}

// sameOrigin reports whether a and b share scheme, host and port.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

func origin(u *url.URL) string {
	return u.Scheme + "://" + u.Host
}

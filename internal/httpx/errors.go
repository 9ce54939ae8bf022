package httpx

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Kind classifies why an exchange failed.
type Kind string

// The kinds of failure Do reports.
const (
	// KindRefused: nothing listens at the target's address.
	KindRefused Kind = "connection-refused"
	// KindDNS: the target's host name does not resolve.
	KindDNS Kind = "dns"
	// KindUnreachable: the network cannot reach the target (no route,
	// network down, connection reset during connect).
	KindUnreachable Kind = "unreachable"
	// KindTLS: the TLS handshake failed, typically an unverified certificate.
	KindTLS Kind = "tls"
	// KindTimeout: no complete response within Options.Timeout.
	KindTimeout Kind = "timeout"
	// KindCanceled: the caller's context ended first (e.g. SIGINT).
	KindCanceled Kind = "canceled"
	// KindBodyTooLarge: the response body exceeds Options.MaxBodyBytes.
	KindBodyTooLarge Kind = "body-too-large"
	// KindRedirect: a redirect to another origin was not followed, or too
	// many redirects.
	KindRedirect Kind = "redirect"
	// KindRequest: the request itself could not be built or sent.
	KindRequest Kind = "request"
)

// Error is the error Do returns: what kind of failure, on which request, in
// words a user can act on. Its text is redacted.
type Error struct {
	// Kind classifies the failure.
	Kind Kind
	// Method and URL identify the request (URL redacted).
	Method, URL string
	// Detail explains the failure, e.g. "connection refused".
	Detail string
	// Err is the underlying error, if any. Its text is not redacted: print
	// Error() instead.
	Err error
}

// Error returns "METHOD URL: detail".
func (e *Error) Error() string {
	return fmt.Sprintf("%s %s: %s", e.Method, e.URL, e.Detail)
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the Kind of err if it is (or wraps) an *Error, else "".
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ""
}

// IsUnreachable reports whether err means no connection to the target
// could be made at all (refused, unknown host, unreachable network, TLS
// failure): the whole run cannot proceed against that target.
func IsUnreachable(err error) bool {
	switch KindOf(err) {
	case KindRefused, KindDNS, KindUnreachable, KindTLS:
		return true
	}
	return false
}

// classify turns a transport error into a Kind and a user-facing detail.
// parent is the caller's context: if it ended, the failure is theirs, not
// the target's.
func classify(err error, parent context.Context, timeout time.Duration, phase string) (Kind, string) {
	if parent.Err() != nil {
		return KindCanceled, "canceled before the " + phase + " was complete: " + context.Cause(parent).Error()
	}
	// A name that does not resolve, even for want of time, means the target
	// was never reached: it is unreachable, not slow.
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return KindDNS, fmt.Sprintf("cannot resolve host %q: %s", dnsErr.Name, dnsErrText(dnsErr))
	}
	if errors.Is(err, context.DeadlineExceeded) || isTimeout(err) {
		return KindTimeout, fmt.Sprintf("no complete %s within %s (request timeout)", phase, timeout)
	}
	if k, d, ok := classifyTLS(err); ok {
		return k, d
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		addr := ""
		if opErr.Addr != nil {
			addr = opErr.Addr.String()
		}
		if errors.Is(err, syscall.ECONNREFUSED) {
			return KindRefused, fmt.Sprintf("cannot connect to %s: connection refused (is the target running, and is the base URL right?)", addr)
		}
		return KindUnreachable, fmt.Sprintf("cannot connect to %s: %v", addr, opErr.Err)
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return KindRefused, "connection refused (is the target running, and is the base URL right?)"
	}
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err // the URL is already in Error's prefix
	}
	return KindRequest, err.Error()
}

func dnsErrText(e *net.DNSError) string {
	switch {
	case e.IsNotFound:
		return "no such host"
	case e.IsTimeout:
		return "the lookup timed out"
	}
	return e.Err
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

func classifyTLS(err error) (Kind, string, bool) {
	const hint = " (--insecure-skip-tls-verify accepts it; use that only for a test target you trust)"
	var verr *tls.CertificateVerificationError
	if errors.As(err, &verr) {
		return KindTLS, "TLS certificate not verified: " + verr.Err.Error() + hint, true
	}
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ci x509.CertificateInvalidError
	if errors.As(err, &ua) || errors.As(err, &he) || errors.As(err, &ci) {
		return KindTLS, "TLS certificate not verified: " + err.Error() + hint, true
	}
	var rh tls.RecordHeaderError
	// Go's transport reports a plain-HTTP answer by text only.
	if errors.As(err, &rh) || strings.Contains(err.Error(), "server gave HTTP response to HTTPS client") {
		return KindTLS, "TLS handshake failed: the server did not answer in TLS (is it http:// rather than https://?)", true
	}
	var alert tls.AlertError
	if errors.As(err, &alert) {
		return KindTLS, "TLS handshake failed: " + alert.Error(), true
	}
	return "", "", false
}

// formatBytes renders n as "1 MiB", "512 KiB" or "100 bytes".
func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}

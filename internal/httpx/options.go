package httpx

import (
	"time"

	"github.com/isoconform/isoconform/internal/redact"
)

// Defaults applied by New to zero Options fields.
const (
	// DefaultTimeout bounds one request, from dialling to the last body byte.
	DefaultTimeout = 30 * time.Second
	// DefaultMaxBodyBytes caps a response body: 1 MiB is far more than any
	// MachineAction or error envelope needs.
	DefaultMaxBodyBytes int64 = 1 << 20
	// MaxRedirects is the most same-origin redirects followed per request.
	MaxRedirects = 5
)

// Options configure a Client. The zero value is usable: default timeout and
// body cap, TLS verified, bearer credentials and JWTs redacted.
type Options struct {
	// Timeout bounds each request including reading the response body;
	// DefaultTimeout when zero or negative.
	Timeout time.Duration
	// InsecureSkipTLSVerify disables TLS certificate verification. Only for
	// test targets with self-signed certificates.
	InsecureSkipTLSVerify bool
	// MaxBodyBytes caps each response body; DefaultMaxBodyBytes when zero or
	// negative. It also caps the request body Do will buffer.
	MaxBodyBytes int64
	// Redactor hides secrets in Transcript, Curl and error texts. When nil,
	// New builds one from Secrets.
	Redactor *redact.Redactor
	// Secrets are extra values (token values, passwords) to hide when
	// Redactor is nil. Bearer credentials and JWTs are always hidden.
	Secrets []string
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.Redactor == nil {
		o.Redactor = redact.New(o.Secrets...)
	}
	return o
}

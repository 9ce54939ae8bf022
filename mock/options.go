package mock

import (
	"log/slog"
	"slices"
	"time"
)

// DefaultAddr is where Start listens when Options.Addr is empty: a free loopback port.
const DefaultAddr = "127.0.0.1:0"

// Options configure a mock. The zero value is a faithful server on a free loopback port whose
// actions complete by the clock alone, like the real service's.
type Options struct {
	// Addr is the loopback address to listen on, e.g. "127.0.0.1:8080"; "" means DefaultAddr.
	// An address that is not loopback is refused.
	Addr string
	// Deviations names catalogue entries (see Catalogue) that make the server break one
	// documented rule each; an unknown name is an error from Start.
	Deviations []string
	// Variants names legal alternatives where the documents are silent; an unknown name is
	// an error from Start.
	Variants []string
	// CompletionDelay is how long an action takes from creation to Succeeded (Pending for the
	// first half, InProgress for the second). With 0 the 201 answer shows Pending and every
	// later read shows Succeeded.
	CompletionDelay time.Duration
	// CompletionReads, when above 0, also completes an action on its CompletionReads-th read
	// (GET machineactions/{id}): a lifecycle driven by the client rather than the clock.
	CompletionReads int
	// RateLimit configures the current profile's throttling.
	RateLimit RateLimit
	// Proxy makes the listener also an HTTP forward proxy for unmodified clients: a CONNECT to
	// one of ProxyHosts (port 443) is answered by the mock itself over TLS, with a certificate
	// signed by a CA made at start (Server.CACertPEM); a plain proxy request to one of them is
	// served directly; any other host gets 403, is recorded as a violation (rule
	// proxy-host-refused) and is never contacted.
	Proxy bool
	// TLS makes the listener serve HTTPS as well as HTTP on the same address, with a
	// certificate from the same CA for localhost and the loopback addresses.
	TLS bool
	// ProxyHosts are the host names Proxy answers for; nil means the Entra ID sign-in hosts and
	// the API hosts the documents give (Server.ProxyHosts lists them).
	ProxyHosts []string
	// HostNames are host names the mock answers as besides loopback addresses, localhost and
	// its listen address, e.g. a name an /etc/hosts entry points at the mock. A request sent
	// under any other Host is answered 421, so that a web page cannot reach the mock through
	// a name of its own that resolves to loopback.
	HostNames []string
	// Logger receives one line per request (never a token); nil discards.
	Logger *slog.Logger
}

// RateLimit configures the throttling of the current profile: per application and tenant,
// in fixed one-minute and one-hour windows, answered with 429 and Retry-After.
type RateLimit struct {
	// Disabled turns throttling off.
	Disabled bool
	// PerMinute and PerHour are the calls allowed per window; 0 takes the documented 100 a
	// minute and 1,500 an hour.
	PerMinute int
	PerHour   int
	// OnlyRoles, when not empty, throttles only the principals of these roles (as Token names
	// them, e.g. "rate-limit"); every other caller is unthrottled.
	OnlyRoles []string
}

// clone returns o with its slices copied, so a started server shares nothing with the caller.
func (o Options) clone() Options {
	o.Deviations = slices.Clone(o.Deviations)
	o.Variants = slices.Clone(o.Variants)
	o.HostNames = slices.Clone(o.HostNames)
	o.RateLimit.OnlyRoles = slices.Clone(o.RateLimit.OnlyRoles)
	o.ProxyHosts = slices.Clone(o.ProxyHosts)
	return o
}

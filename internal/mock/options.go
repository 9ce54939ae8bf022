package mock

import (
	"log/slog"
	"time"
)

// Defaults of Options.
const (
	// DefaultMaxActions bounds the action store when Options.MaxActions is 0.
	DefaultMaxActions = 100_000
	// DefaultMaxViolations bounds the violation ring when Options.MaxViolations is 0.
	DefaultMaxViolations = 1_000
	// DefaultPerMinute is the documented rate limit per application and tenant per minute.
	DefaultPerMinute = 100
	// DefaultPerHour is the documented rate limit per application and tenant per hour.
	DefaultPerHour = 1_500
	// DefaultMaxBodyMemory bounds the bytes of request bodies held at once, over all requests,
	// when Options.MaxBodyMemory is 0.
	DefaultMaxBodyMemory = 32 << 20
	// DefaultMaxConnections bounds a started server's connections when Options.MaxConnections
	// is 0.
	DefaultMaxConnections = 2_000
	// MaxBodyBytes is the largest request body the mock reads; a larger one gets 413.
	MaxBodyBytes = 1 << 20
)

// Options configure a mock Server. The zero value is a faithful server.
type Options struct {
	// Deviations names catalogue entries (see Catalogue) that make the server break one rule
	// each. An unknown name is an error from New. Off by default: they are test faults.
	Deviations []string
	// Variants names entries of VariantCatalogue: legal alternatives where the documents are
	// silent, each the other reasonable choice than the faithful mock's. An unknown name is
	// an error from New. A conformance suite must pass the server under any of them.
	Variants []string
	// CompletionDelay is how long an action takes from creation to Succeeded. The action is
	// Pending for the first half of the delay and InProgress for the second. With 0 the 201
	// answer shows Pending and every later read shows Succeeded. Status is computed from
	// timestamps when read; no goroutine runs per action.
	CompletionDelay time.Duration
	// CompletionReads, when above 0, also completes an action on its CompletionReads-th read
	// (GET machineactions/{id}), if CompletionDelay has not completed it before: a lifecycle
	// that depends on what the client does, not on the clock, so a test that must see an
	// action pending does so however loaded the machine is. The suite's embedded target uses
	// it; 0 (the default) leaves the lifecycle to the clock alone, like the real service.
	CompletionReads int
	// MaxActions bounds the action store (DefaultMaxActions when 0). When full, the oldest
	// action is evicted first (FIFO), whatever its machine or status.
	MaxActions int
	// MaxViolations bounds the ring of recorded violations (DefaultMaxViolations when 0); the
	// oldest is dropped first.
	MaxViolations int
	// RateLimit configures the current profile's throttling.
	RateLimit RateLimit
	// ExtraMachines adds that many generated machines after the fixture machines, for load
	// tests that spread isolations over many machines (make bench). Machine i (from 0) has the
	// id ExtraMachineID(i), the name bench-<i>.contoso.example, Windows10, Active.
	ExtraMachines int
	// MaxBodyMemory bounds the bytes of request bodies the server holds at once, over all
	// requests (DefaultMaxBodyMemory when 0). Each request may hold 16 KiB outside it; past
	// that, a request whose body finds no room is answered 503 with Retry-After.
	MaxBodyMemory int64
	// MaxConnections bounds the connections a started server (Start) serves at once
	// (DefaultMaxConnections when 0); one more is answered 503 and closed.
	MaxConnections int
	// HostNames are host names the server answers as, besides loopback addresses, localhost,
	// the address it listens on and, with Proxy or TLS, the ProxyHosts. A request sent under any other Host is answered 421 (a web page
	// cannot reach the mock through a name that resolves to loopback).
	HostNames []string
	// AllowNonLoopback lets Start listen on an address that is not loopback.
	AllowNonLoopback bool
	// Proxy makes Start's listener also an HTTP forward proxy for ProxyHosts: a CONNECT to
	// one of them (port 443) is answered by the mock itself over TLS, with a certificate
	// signed by a CA made at start (Running.CACertPEM); a plain proxy request to one of them
	// is served directly; any other host gets 403, is recorded as a violation (rule
	// proxy-host-refused) and is never dialled.
	Proxy bool
	// TLS makes Start's listener serve HTTPS as well as HTTP on the same address, with a
	// certificate from the same CA for localhost, the loopback addresses, the listening
	// address and ProxyHosts.
	TLS bool
	// ProxyHosts are the host names Proxy answers for; nil means proxy.MicrosoftHosts() (the
	// Entra ID sign-in hosts and the API's hosts the documents give, regional ones included).
	ProxyHosts []string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives one line per request (never a token); nil discards.
	Logger *slog.Logger
}

// RateLimit configures the throttling of the current profile: per application and tenant (the
// token's appid and tid), fixed one-minute and one-hour windows, 429 TooManyRequests with a
// Retry-After header in whole seconds. The preview-2017 profile documents no limit.
type RateLimit struct {
	// Disabled turns throttling off.
	Disabled bool
	// PerMinute is the number of calls allowed per minute (DefaultPerMinute when 0).
	PerMinute int
	// PerHour is the number of calls allowed per hour (DefaultPerHour when 0).
	PerHour int
	// OnlyApps, when not empty, limits throttling to these application ids (the token's appid);
	// every other caller is unthrottled. The suite's embedded target throttles only its
	// dedicated rate-limit principal, so the other scenarios run at loopback speed.
	OnlyApps []string
}

func (o Options) withDefaults() Options {
	if o.MaxActions <= 0 {
		o.MaxActions = DefaultMaxActions
	}
	if o.MaxViolations <= 0 {
		o.MaxViolations = DefaultMaxViolations
	}
	if o.MaxBodyMemory <= 0 {
		o.MaxBodyMemory = DefaultMaxBodyMemory
	}
	if o.MaxConnections <= 0 {
		o.MaxConnections = DefaultMaxConnections
	}
	if o.RateLimit.PerMinute <= 0 {
		o.RateLimit.PerMinute = DefaultPerMinute
	}
	if o.RateLimit.PerHour <= 0 {
		o.RateLimit.PerHour = DefaultPerHour
	}
	if o.CompletionDelay < 0 {
		o.CompletionDelay = 0
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

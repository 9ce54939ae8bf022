package steps

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/isoconform/isoconform/spec"
)

// Config says which target the suite runs against and with what. The zero value (plus a
// profile) runs the suite against the embedded reference mock on loopback.
type Config struct {
	// BaseURL is the API root including its path prefix, e.g.
	// https://api.security.microsoft.com/api; "" starts the embedded mock on loopback.
	BaseURL string
	// Profile is the contract profile; "" means spec.Preview2017.
	Profile spec.Profile
	// Tokens maps a role (see Roles) to a bearer token. A scenario that needs a role without
	// a token is skipped with a reason. Against the embedded target, missing roles are
	// issued by the target.
	Tokens map[string]string
	// MachineIDs are the machines the suite may isolate: required for a live target; the
	// suite never isolates an id it discovered or guessed.
	MachineIDs []string
	// UnknownMachineID is an id that does not exist on the target; "" means a random 40-hex id.
	UnknownMachineID string
	// Tags is a godog tag expression selecting scenarios, e.g. "@core && ~@rate". Level tags
	// (@core, @extended, @advisory, @observed) select by the registry's levels.
	Tags string
	// Strict makes advisory findings (what the suite infers where the documents are silent or
	// only suggest) fail the run; without it they are warnings that never change the exit code.
	Strict bool
	// SupportedFeatures lists the optional features the target offers (spec.Features); the
	// others are declared not supported. ExemptFeatures lists features it does not offer.
	// With neither, a feature whose route answers 404, 405 or 501 to its first probe is
	// inferred not supported. Requirements of a feature not supported are reported as such,
	// never failed; a declared one leaves the run conformant, an inferred one partial.
	SupportedFeatures []string
	ExemptFeatures    []string
	// RequestTimeout bounds each HTTP request; 0 means 30s.
	RequestTimeout time.Duration
	// AllowLive must be set when the target host is not loopback.
	AllowLive bool
	// InsecureSkipTLSVerify accepts a TLS certificate that does not verify (recorded in the report).
	InsecureSkipTLSVerify bool
	// Concurrency is how many scenarios run at once; 0 means one per machine plus two for a
	// live target (the scenarios that need no machine run beside the others) and 6 for the
	// embedded target. Isolating scenarios take a machine each from the pool, one at a time
	// per machine.
	Concurrency int
	// Timeouts holds every wait of the suite; zero fields take defaults for the target.
	Timeouts Timeouts
	// Progress receives console progress while running; nil is quiet.
	Progress io.Writer
	// Embedded starts the target when BaseURL is "" (package conformance supplies the
	// reference mock); a run with neither is a setup error.
	Embedded Embedded
}

// Roles that a token may be configured for. Which of them a profile uses: ProfileRoles.
const (
	RoleSecurityAdministrator   = "security-administrator"    // preview-2017: user with Security Administrator
	RoleGlobalAdministrator     = "global-administrator"      // preview-2017: user with Global Administrator
	RoleNoRole                  = "no-role"                   // preview-2017: valid user without either role
	RoleMachineIsolate          = "machine-isolate"           // current: app token, roles holds Machine.Isolate
	RoleMachineIsolateDelegated = "machine-isolate-delegated" // current: user token, scp holds Machine.Isolate
	RoleNoPermission            = "no-permission"             // current: valid token without Machine.Isolate
	RoleRateLimit               = "rate-limit"                // current: a token spent only on the rate-limit scenario
	RoleExpired                 = "expired"                   // both: an expired token the target issued
	RoleWrongAudience           = "wrong-audience"            // both: a valid token for another audience
	RoleWrongIssuer             = "wrong-issuer"              // both: signed by the target's identity provider, naming another issuer (tenant)
)

// ProfileRoles returns the roles whose tokens the profile's scenarios use.
func ProfileRoles(p spec.Profile) []string {
	if p == spec.Current {
		return []string{RoleMachineIsolate, RoleMachineIsolateDelegated, RoleNoPermission, RoleRateLimit, RoleExpired, RoleWrongAudience, RoleWrongIssuer}
	}
	return []string{RoleSecurityAdministrator, RoleGlobalAdministrator, RoleNoRole, RoleExpired, RoleWrongAudience, RoleWrongIssuer}
}

// KnownRoles returns every role of every profile.
func KnownRoles() []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range spec.Profiles() {
		for _, r := range ProfileRoles(p) {
			if !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	return out
}

// Validate applies the safety rules before anything is sent: a known profile, a well-formed
// base URL, and for a host that is not loopback both AllowLive and at least one machine id.
func (c Config) Validate() error {
	var errs []error
	if c.Profile != "" {
		if _, err := spec.ParseProfile(string(c.Profile)); err != nil {
			errs = append(errs, err)
		}
	}
	for role := range c.Tokens {
		if !isKnownRole(role) {
			errs = append(errs, fmt.Errorf("unknown token role %q: use one of %s", role, strings.Join(KnownRoles(), ", ")))
		}
	}
	for _, id := range c.MachineIDs {
		if strings.TrimSpace(id) == "" || strings.ContainsAny(id, "/?#% ") {
			errs = append(errs, fmt.Errorf("machine id %q is not a plain id", id))
		}
	}
	if c.UnknownMachineID != "" && strings.ContainsAny(c.UnknownMachineID, "/?#% ") {
		errs = append(errs, fmt.Errorf("unknown machine id %q is not a plain id", c.UnknownMachineID))
	}
	if _, err := newFeatureSet(c.SupportedFeatures, c.ExemptFeatures); err != nil {
		errs = append(errs, err)
	}
	if c.RequestTimeout < 0 || c.Concurrency < 0 {
		errs = append(errs, errors.New("request timeout and concurrency must not be negative"))
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		switch {
		case err != nil || u.Scheme != "http" && u.Scheme != "https":
			errs = append(errs, fmt.Errorf("base URL %q: scheme must be http or https", c.BaseURL))
		case u.Host == "":
			errs = append(errs, fmt.Errorf("base URL %q has no host", c.BaseURL))
		case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
			errs = append(errs, fmt.Errorf("base URL %q must not carry a query, fragment or user info", c.BaseURL))
		case !IsLoopback(u.Hostname()):
			if !c.AllowLive {
				errs = append(errs, fmt.Errorf("target %s is not loopback: isolation cuts real machines off the network; pass --allow-live (ISOCONFORM_ALLOW_LIVE=1) to run against it", u.Host))
			}
			if len(c.MachineIDs) == 0 {
				errs = append(errs, fmt.Errorf("target %s is not loopback: pass the machines the suite may isolate with --machine-id (ISOCONFORM_MACHINE_ID)", u.Host))
			}
		}
	}
	return errors.Join(errs...)
}

// IsLoopback reports whether host (no port) names the loopback interface.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

func isKnownRole(role string) bool {
	for _, r := range KnownRoles() {
		if r == role {
			return true
		}
	}
	return false
}

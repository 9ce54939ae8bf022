package steps

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/isoconform/isoconform/spec"
)

// EnvPrefix starts every environment variable the suite reads.
const EnvPrefix = "ISOCONFORM_"

// TokenEnv returns the environment variable holding a role's token:
// ISOCONFORM_TOKEN_<ROLE>, the role upper-cased with '-' turned into '_'.
func TokenEnv(role string) string {
	return EnvPrefix + "TOKEN_" + strings.ToUpper(strings.ReplaceAll(role, "-", "_"))
}

// ConfigFromEnv reads a Config from the ISOCONFORM_* environment variables:
//
//	ISOCONFORM_BASE_URL                  API root incl. path prefix ("" = embedded mock)
//	ISOCONFORM_PROFILE                   preview-2017 | current
//	ISOCONFORM_TOKEN_<ROLE>              token per role; a value @FILE reads the file
//	ISOCONFORM_MACHINE_ID                comma-separated machine ids the suite may isolate
//	ISOCONFORM_UNKNOWN_MACHINE_ID        an id that does not exist
//	ISOCONFORM_TAGS                      godog tag expression
//	ISOCONFORM_REQUEST_TIMEOUT           per-request timeout (Go duration, e.g. 30s)
//	ISOCONFORM_ALLOW_LIVE                true/1 to allow a non-loopback target
//	ISOCONFORM_INSECURE_SKIP_TLS_VERIFY  true/1 to accept an unverified certificate
//	ISOCONFORM_CONCURRENCY               scenarios run at once
//	ISOCONFORM_RELEASE_GRACE             Timeouts.ReleaseGrace (Go duration, e.g. 60s)
//	ISOCONFORM_WAIT_BUDGET               Timeouts.WaitBudget (Go duration, e.g. 30m)
//
// It does not validate the result; call Config.Validate.
func ConfigFromEnv() (Config, error) { return ConfigFromLookup(os.LookupEnv) }

// ConfigFromLookup is ConfigFromEnv reading variables through lookup (os.LookupEnv or a map).
func ConfigFromLookup(lookup func(string) (string, bool)) (Config, error) {
	var cfg Config
	get := func(name string) string {
		v, _ := lookup(EnvPrefix + name)
		return strings.TrimSpace(v)
	}
	cfg.BaseURL = get("BASE_URL")
	if v := get("PROFILE"); v != "" {
		p, err := spec.ParseProfile(v)
		if err != nil {
			return cfg, fmt.Errorf("%sPROFILE: %w", EnvPrefix, err)
		}
		cfg.Profile = p
	}
	for _, role := range KnownRoles() {
		v, ok := lookup(TokenEnv(role))
		if !ok || strings.TrimSpace(v) == "" {
			continue
		}
		tok, err := ReadToken(strings.TrimSpace(v))
		if err != nil {
			return cfg, fmt.Errorf("%s: %w", TokenEnv(role), err)
		}
		if cfg.Tokens == nil {
			cfg.Tokens = map[string]string{}
		}
		cfg.Tokens[role] = tok
	}
	for _, id := range strings.Split(get("MACHINE_ID"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			cfg.MachineIDs = append(cfg.MachineIDs, id)
		}
	}
	cfg.UnknownMachineID = get("UNKNOWN_MACHINE_ID")
	cfg.Tags = get("TAGS")
	var err error
	if cfg.RequestTimeout, err = envDuration(get("REQUEST_TIMEOUT")); err != nil {
		return cfg, fmt.Errorf("%sREQUEST_TIMEOUT: %w", EnvPrefix, err)
	}
	if cfg.Timeouts.ReleaseGrace, err = envDuration(get("RELEASE_GRACE")); err != nil {
		return cfg, fmt.Errorf("%sRELEASE_GRACE: %w", EnvPrefix, err)
	}
	if cfg.Timeouts.WaitBudget, err = envDuration(get("WAIT_BUDGET")); err != nil {
		return cfg, fmt.Errorf("%sWAIT_BUDGET: %w", EnvPrefix, err)
	}
	if cfg.AllowLive, err = envBool(get("ALLOW_LIVE")); err != nil {
		return cfg, fmt.Errorf("%sALLOW_LIVE: %w", EnvPrefix, err)
	}
	if cfg.InsecureSkipTLSVerify, err = envBool(get("INSECURE_SKIP_TLS_VERIFY")); err != nil {
		return cfg, fmt.Errorf("%sINSECURE_SKIP_TLS_VERIFY: %w", EnvPrefix, err)
	}
	if v := get("CONCURRENCY"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return cfg, fmt.Errorf("%sCONCURRENCY: %q is not a positive integer", EnvPrefix, v)
		}
		cfg.Concurrency = n
	}
	return cfg, nil
}

// ReadToken returns a token given as a value, or read from FILE when given as @FILE
// (surrounding white space trimmed).
func ReadToken(v string) (string, error) {
	name, ok := strings.CutPrefix(v, "@")
	if !ok {
		return v, nil
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return "", fmt.Errorf("read token file: %w", err)
	}
	tok := strings.TrimSpace(string(b))
	if tok == "" {
		return "", fmt.Errorf("token file %s is empty", name)
	}
	return tok, nil
}

func envDuration(v string) (time.Duration, error) {
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q is not a positive duration (e.g. 30s)", v)
	}
	return d, nil
}

func envBool(v string) (bool, error) {
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%q is not a boolean (true/false/1/0)", v)
	}
	return b, nil
}

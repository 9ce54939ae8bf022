package steps

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/pflag"
)

// EnvPrefix starts every environment variable the suite reads.
const EnvPrefix = "ISOCONFORM_"

// MinTokenLength is the shortest token accepted. Real bearer tokens run to hundreds of
// characters; a value of a few characters is a mistake, and redacting it would mask that text
// wherever it occurs in the output.
const MinTokenLength = 8

// TokenEnv returns the environment variable holding a role's token:
// ISOCONFORM_TOKEN_<ROLE>, the role upper-cased with '-' turned into '_'.
func TokenEnv(role string) string {
	return EnvPrefix + "TOKEN_" + strings.ToUpper(strings.ReplaceAll(role, "-", "_"))
}

// ConfigFromEnv reads a Config from the ISOCONFORM_* environment variables, exactly as the
// isoconform command reads them when no flag is given (RunFlags): ISOCONFORM_BASE_URL,
// ISOCONFORM_PROFILE, ISOCONFORM_TOKEN_<ROLE> (a value, or @FILE), ISOCONFORM_MACHINE_ID
// (comma-separated), ISOCONFORM_UNKNOWN_MACHINE_ID, ISOCONFORM_TAGS,
// ISOCONFORM_REQUEST_TIMEOUT, ISOCONFORM_ALLOW_LIVE, ISOCONFORM_INSECURE_SKIP_TLS_VERIFY,
// ISOCONFORM_CONCURRENCY, ISOCONFORM_RELEASE_GRACE, ISOCONFORM_WAIT_BUDGET, ISOCONFORM_STRICT,
// ISOCONFORM_SUPPORTED_FEATURES, ISOCONFORM_EXEMPT_FEATURES.
//
// It does not validate the result; call Config.Validate.
func ConfigFromEnv() (Config, error) { return ConfigFromLookup(os.LookupEnv) }

// ConfigFromLookup is ConfigFromEnv reading variables through lookup (os.LookupEnv or a map).
func ConfigFromLookup(lookup func(string) (string, bool)) (Config, error) {
	fs := pflag.NewFlagSet("isoconform", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := BindRunFlags(fs)
	if err := f.ApplyEnv(lookup); err != nil {
		return Config{}, err
	}
	return f.Config(lookup)
}

// ResolveTokens returns the token of every role: flags (ROLE=VALUE or ROLE=@FILE) first, then
// ISOCONFORM_TOKEN_<ROLE> for the roles the flags left out; nil when there is none. No error
// text contains a token value.
func ResolveTokens(flags []string, lookup func(string) (string, bool)) (map[string]string, error) {
	out := map[string]string{}
	for _, f := range flags {
		role, value, ok := strings.Cut(f, "=")
		role = strings.TrimSpace(role)
		if !ok || role == "" {
			return nil, fmt.Errorf("--token takes ROLE=VALUE or ROLE=@FILE (roles: %s)", strings.Join(KnownRoles(), ", "))
		}
		if !slices.Contains(KnownRoles(), role) {
			return nil, fmt.Errorf("--token: unknown role %q: use one of %s", role, strings.Join(KnownRoles(), ", "))
		}
		if _, dup := out[role]; dup {
			return nil, fmt.Errorf("--token %s given twice", role)
		}
		tok, err := ReadToken(value)
		if err != nil {
			return nil, fmt.Errorf("--token %s: %v", role, err)
		}
		out[role] = tok
	}
	for _, role := range KnownRoles() {
		if _, set := out[role]; set {
			continue
		}
		v, ok := lookup(TokenEnv(role))
		if !ok || strings.TrimSpace(v) == "" {
			continue
		}
		tok, err := ReadToken(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", TokenEnv(role), err)
		}
		out[role] = tok
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// ReadToken returns a token given as a value, or read from FILE when given as @FILE
// (surrounding white space trimmed). An empty token, or one shorter than MinTokenLength, is
// an error that does not show it.
func ReadToken(v string) (string, error) {
	tok := strings.TrimSpace(v)
	if tok == "" {
		return "", fmt.Errorf("empty token")
	}
	if name, ok := strings.CutPrefix(tok, "@"); ok {
		b, err := os.ReadFile(name)
		if err != nil {
			return "", fmt.Errorf("read token file: %w", err)
		}
		if tok = strings.TrimSpace(string(b)); tok == "" {
			return "", fmt.Errorf("token file %s is empty", name)
		}
	}
	if len(tok) < MinTokenLength {
		return "", fmt.Errorf("the token is %d characters long: too short to be a bearer token (at least %d)", len(tok), MinTokenLength)
	}
	return tok, nil
}

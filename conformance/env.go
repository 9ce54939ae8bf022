package conformance

import (
	"os"

	"github.com/isoconform/isoconform/internal/steps"
)

// OptionsFromEnv reads Options from the ISOCONFORM_* environment variables the command line
// reads too (ISOCONFORM_BASE_URL, ISOCONFORM_PROFILE, ISOCONFORM_TOKEN_<ROLE> with a value or
// @FILE, ISOCONFORM_MACHINE_ID comma-separated, ISOCONFORM_UNKNOWN_MACHINE_ID,
// ISOCONFORM_TAGS, ISOCONFORM_REQUEST_TIMEOUT, ISOCONFORM_ALLOW_LIVE,
// ISOCONFORM_INSECURE_SKIP_TLS_VERIFY, ISOCONFORM_CONCURRENCY, ISOCONFORM_RELEASE_GRACE,
// ISOCONFORM_WAIT_BUDGET, ISOCONFORM_STRICT, ISOCONFORM_SUPPORTED_FEATURES and
// ISOCONFORM_EXEMPT_FEATURES). Unset variables leave the
// zero value: the reference mock.
func OptionsFromEnv() (Options, error) { return OptionsFromLookup(os.LookupEnv) }

// OptionsFromLookup is OptionsFromEnv reading variables through lookup (os.LookupEnv or a map).
func OptionsFromLookup(lookup func(string) (string, bool)) (Options, error) {
	cfg, err := steps.ConfigFromLookup(lookup)
	if err != nil {
		return Options{}, err
	}
	return Options{
		Profile:               string(cfg.Profile),
		BaseURL:               cfg.BaseURL,
		Tokens:                cfg.Tokens,
		MachineIDs:            cfg.MachineIDs,
		UnknownMachineID:      cfg.UnknownMachineID,
		Tags:                  cfg.Tags,
		RequestTimeout:        cfg.RequestTimeout,
		AllowLive:             cfg.AllowLive,
		InsecureSkipTLSVerify: cfg.InsecureSkipTLSVerify,
		Concurrency:           cfg.Concurrency,
		Timeouts:              timeoutsOf(cfg.Timeouts),
		Strict:                cfg.Strict,
		SupportedFeatures:     cfg.SupportedFeatures,
		ExemptFeatures:        cfg.ExemptFeatures,
	}, nil
}

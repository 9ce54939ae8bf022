package steps

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/cucumber/godog"

	"github.com/isoconform/isoconform/features"
	"github.com/isoconform/isoconform/internal/report"
	"github.com/isoconform/isoconform/spec"
)

// Run runs the suite against cfg's target and returns the result. The error is for harness
// and setup failures only (invalid configuration, unreachable target, nothing to run: exit 2);
// whether the target conforms is the Run's Verdict. A Run is returned whenever one was
// started, with the error recorded in it.
func Run(ctx context.Context, cfg Config) (*report.Run, error) {
	return run(ctx, cfg)
}

func run(ctx context.Context, cfg Config) (*report.Run, error) {
	cfg = cfg.withProfile()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := checkTagExpression(cfg.Tags); err != nil {
		return nil, err
	}
	infos, filter, err := catalogue(cfg.Profile, cfg.Tags)
	if err != nil {
		return nil, err
	}
	if len(infos) == 0 {
		return nil, fmt.Errorf("no scenario of profile %s matches the tags %q", cfg.Profile, cfg.Tags)
	}

	var stripped []string
	cfg.Tokens, stripped = StripBearer(cfg.Tokens)
	if len(stripped) > 0 && cfg.Progress != nil {
		fmt.Fprintf(cfg.Progress, "isoconform: notice: %s\n", BearerNotice(stripped))
	}
	base, tokens, machines, isMock := cfg.BaseURL, cfg.Tokens, cfg.MachineIDs, cfg.BaseURL == ""
	var targetConfig map[string]string
	if isMock {
		e, err := startEmbedded(ctx, cfg)
		if err != nil {
			return nil, err
		}
		defer e.stop(ctx)
		base, tokens, machines, targetConfig = e.BaseURL, e.Tokens, e.MachineIDs, e.Config
	}
	tg, err := newTarget(ctx, cfg, base, tokens, machines, isMock)
	if err != nil {
		return nil, err
	}
	defer tg.client.Close()
	relCtx, stopGrace := releaseContext(ctx, tg.timeouts.ReleaseGrace)
	defer stopGrace()
	tg.relCtx = relCtx
	concurrency := defaultConcurrency(cfg.Concurrency, isMock, len(machines))
	tg.infos = map[string]scenarioInfo{}
	var unsupported []scenarioInfo // of features declared not supported: recorded, not run
	for _, in := range infos {
		if tg.features.declaredUnsupported(in.OptionalFeature) {
			unsupported = append(unsupported, in)
			continue
		}
		tg.infos[in.key] = in
	}
	filter = withoutFeatures(filter, tg.registry, cfg.Profile, tg.features)
	tg.rec = report.NewRecorder(report.Run{
		SuiteVersion: suiteVersion(), Profile: string(cfg.Profile), Target: base, TargetIsMock: isMock,
		SpecSHA256: spec.OpenAPISHA256(), FeaturesSHA256: features.SHA256(),
		Config: redactedConfig(cfg, tokens, machines, targetConfig, concurrency, tg.timeouts), InsecureSkipTLSVerify: cfg.InsecureSkipTLSVerify,
		Strict: cfg.Strict,
	}, registryFor(tg.registry, cfg.Profile))
	if cfg.Progress != nil {
		tg.progress = report.NewProgress(cfg.Progress)
		tg.notices = cfg.Progress
	}

	for _, in := range unsupported {
		tg.rec.AddScenario(notSupportedScenario(in))
	}
	if err := tg.preflight(ctx, machines); err != nil {
		tg.rec.SetError(err)
		return report.Redacted(tg.red, tg.rec.Finish()), err
	}

	suite := godog.TestSuite{
		Name: "isoconform " + string(cfg.Profile),
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			tg.hooks(sc)
			registerSteps(sc)
		},
		Options: &godog.Options{
			Format:         "progress",
			Output:         io.Discard,
			FS:             features.FS(),
			Paths:          features.Names(),
			Tags:           filter,
			Strict:         true,
			NoColors:       true,
			Concurrency:    concurrency,
			DefaultContext: ctx,
		},
	}
	suite.Run()
	if tg.progress != nil {
		tg.progress.Done()
	}
	return tg.finish(ctx, len(infos))
}

// finish records what spoils the run as a whole, then decides the verdict: an interrupt, and a
// drift between the scenarios the catalogue selected and those godog ran (its tag filter and
// the catalogue's copy of it disagreeing), which would otherwise pass unseen scenarios off as
// a conformant run. The error is the harness error, if any; the Run is returned in any case.
func (t *target) finish(ctx context.Context, selected int) (*report.Run, error) {
	if ctx.Err() != nil {
		t.rec.SetError(fmt.Errorf("interrupted: %w", context.Cause(ctx)))
	}
	if t.features != nil {
		t.rec.MarkNotSupported(func(f string) string { return t.features.inferredReason(spec.Feature(f)) })
		used := map[spec.Feature]bool{}
		for f := range t.rec.CheckedFeatures() {
			used[spec.Feature(f)] = true
		}
		t.rec.SetFeatures(t.features.verdicts(used))
	}
	var err error
	if recorded := t.rec.ScenarioCount(); recorded != selected {
		err = fmt.Errorf("harness: %d scenarios selected but %d recorded", selected, recorded)
		t.rec.SetError(err)
	}
	return report.Redacted(t.red, t.rec.Finish()), err // what the target echoed, masked for every caller
}

// registryFor converts the registry's entries of profile p for the recorder.
func registryFor(reg *spec.Registry, p spec.Profile) []report.Requirement {
	var out []report.Requirement
	for _, q := range reg.ForProfile(p) {
		out = append(out, report.Requirement{ID: q.ID, Area: q.Area, Level: report.Level(q.LevelFor(p)), Text: q.Text, Reasoning: q.Decision})
	}
	return out
}

// redactedConfig is the effective configuration by flag name, without token values: the
// concurrency and the waits as the run used them, not as given.
func redactedConfig(cfg Config, tokens map[string]string, machines []string, targetConfig map[string]string, concurrency int, to Timeouts) map[string]string {
	roles := make([]string, 0, len(tokens))
	for r := range tokens {
		roles = append(roles, r)
	}
	sort.Strings(roles)
	out := map[string]string{
		"base-url":                 cfg.BaseURL,
		"profile":                  string(cfg.Profile),
		"token":                    strings.Join(slices.Clone(roles), ",") + " (values withheld)",
		"machine-id":               strings.Join(machines, ","),
		"unknown-machine-id":       cfg.UnknownMachineID,
		"tags":                     cfg.Tags,
		"request-timeout":          cfg.RequestTimeout.String(),
		"allow-live":               strconv.FormatBool(cfg.AllowLive),
		"insecure-skip-tls-verify": strconv.FormatBool(cfg.InsecureSkipTLSVerify),
		"concurrency":              strconv.Itoa(concurrency),
		"release-grace":            to.ReleaseGrace.String(),
		"wait-budget":              to.WaitBudget.String(),
		"strict":                   strconv.FormatBool(cfg.Strict),
		"supported-features":       strings.Join(cfg.SupportedFeatures, ","),
		"exempt-features":          strings.Join(cfg.ExemptFeatures, ","),
	}
	if cfg.BaseURL == "" {
		out["base-url"] = "(embedded mock)"
		for k, v := range targetConfig {
			if _, taken := out[k]; !taken {
				out[k] = v
			}
		}
	}
	return out
}

// suiteVersion is the module version of the build, "devel" when unknown.
func suiteVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

package steps

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"io"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/isoconform/isoconform/internal/guid"
	"github.com/isoconform/isoconform/internal/httpx"
	"github.com/isoconform/isoconform/internal/redact"
	"github.com/isoconform/isoconform/internal/report"
	"github.com/isoconform/isoconform/spec"
)

// target is the state one run shares between its scenarios. Everything is set before the
// first scenario starts and read-only after, except the pool, the recorder, the set of known
// actions and the reader counter, which are safe for concurrent use.
type target struct {
	profile   spec.Profile
	strict    bool // advisory checks fail the run
	features  *featureSet
	base      *url.URL // API root, no trailing slash
	isMock    bool
	tokens    map[string]string
	unknownID string
	timeouts  Timeouts
	client    *httpx.Client
	red       *redact.Redactor
	doc       *openapi3.T
	router    routers.Router
	errSchema *openapi3.Schema
	registry  *spec.Registry
	forgeKey  *rsa.PrivateKey
	pool      *machinePool
	rec       *report.Recorder
	progress  *report.Progress
	notices   io.Writer               // setup notices (the progress writer); nil is quiet
	infos     map[string]scenarioInfo // by pickle key

	readers  atomic.Uint64
	noCancel atomic.Bool // the target has no cancel route: release by unisolate
	budget   *waitBudget
	// requestTimeout bounds each request, and each pause a 429's Retry-After asks for.
	requestTimeout time.Duration
	// relCtx is the context of every release: it outlives the run's context by
	// Timeouts.ReleaseGrace; nil means the scenario's context without its cancellation.
	relCtx context.Context

	mu     sync.Mutex
	known  map[string]bool             // ids of every action the suite created
	owners map[string]string           // action id -> the action that first had it (claimID)
	halted string                      // why no further isolation is made; "" while it may
	shared map[string]*sharedIsolation // by sharedKey
}

// releaseContext is the context a scenario's cleanup runs in.
func (t *target) releaseContext(ctx context.Context) context.Context {
	if t.relCtx != nil {
		return t.relCtx
	}
	return context.WithoutCancel(ctx)
}

// newTarget builds the shared state: the profile's OpenAPI document and router (once per
// run), the HTTP client, the forging key.
func newTarget(ctx context.Context, cfg Config, base string, tokens map[string]string, machines []string, isMock bool) (*target, error) {
	u, err := url.Parse(strings.TrimRight(base, "/"))
	if err != nil {
		return nil, fmt.Errorf("base URL: %w", err)
	}
	doc, err := spec.Load(ctx, cfg.Profile)
	if err != nil {
		return nil, err
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("openapi router: %w", err)
	}
	errRef := doc.Components.Schemas["ErrorResponse"]
	if errRef == nil || errRef.Value == nil {
		return nil, fmt.Errorf("openapi: components.schemas.ErrorResponse is missing")
	}
	reg, err := spec.Requirements()
	if err != nil {
		return nil, err
	}
	features, err := newFeatureSet(cfg.SupportedFeatures, cfg.ExemptFeatures)
	if err != nil {
		return nil, err
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("forging key: %w", err)
	}
	secrets := make([]string, 0, len(tokens))
	for _, v := range tokens {
		secrets = append(secrets, v)
	}
	red := redact.New(secrets...)
	def := LiveTimeouts()
	if isMock {
		def = MockTimeouts()
	}
	reqTimeout := cfg.RequestTimeout
	if reqTimeout <= 0 {
		reqTimeout = 30 * time.Second
	}
	if !isMock {
		def.WaitBudget = waitBudgetPerRequestTimeout * reqTimeout
	}
	timeouts := cfg.Timeouts.withDefaults(def)
	unknown := cfg.UnknownMachineID
	if unknown == "" {
		unknown = guid.MachineID()
	}
	return &target{
		profile:   cfg.Profile,
		strict:    cfg.Strict,
		features:  features,
		base:      u,
		isMock:    isMock,
		tokens:    tokens,
		unknownID: unknown,
		timeouts:  timeouts,
		budget:    newWaitBudget(timeouts.WaitBudget),

		requestTimeout: reqTimeout,
		client:         httpx.New(httpx.Options{Timeout: cfg.RequestTimeout, InsecureSkipTLSVerify: cfg.InsecureSkipTLSVerify, Redactor: red}),
		red:            red,
		doc:            doc,
		router:         router,
		errSchema:      errRef.Value,
		registry:       reg,
		forgeKey:       key,
		pool:           newMachinePool(machines),
		known:          map[string]bool{},
	}, nil
}

// remember records an action id the suite created.
// claimID records that the action id belongs to what (e.g. "Isolate of machine m"); when an
// earlier action of the run already holds it, it returns that one and true.
func (t *target) claimID(id, what string) (prior string, taken bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.owners == nil {
		t.owners = map[string]string{}
	}
	if prior, taken = t.owners[id]; taken {
		return prior, true
	}
	t.owners[id] = what
	return "", false
}

func (t *target) remember(id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.known[id] = true
}

// isolateRoles returns the configured roles that may isolate in the profile, in order.
func (t *target) isolateRoles() []string {
	var roles []string
	cands := []string{RoleSecurityAdministrator, RoleGlobalAdministrator}
	if t.profile == spec.Current {
		cands = []string{RoleMachineIsolate, RoleMachineIsolateDelegated}
	}
	for _, r := range cands {
		if t.tokens[r] != "" {
			roles = append(roles, r)
		}
	}
	return roles
}

// readerTokens returns the tokens to try, in turn, for the suite's own reads (polling,
// listing): they rotate over every configured token that may read, so no one application's
// rate budget is spent on bookkeeping.
func (t *target) readerTokens() []string {
	roles := t.isolateRoles()
	if t.profile == spec.Current && t.tokens[RoleNoPermission] != "" {
		roles = append(roles, RoleNoPermission)
	}
	if len(roles) == 0 {
		return nil
	}
	n := int(t.readers.Add(1))
	out := make([]string, len(roles))
	for i := range roles {
		out[i] = t.tokens[roles[(n+i)%len(roles)]]
	}
	return out
}

// requirement returns the registry entry for id.
func (t *target) requirement(id string) (spec.Requirement, bool) { return t.registry.Lookup(id) }

// isAdvisory reports whether requirement id is advisory in the run's profile.
func (t *target) isAdvisory(id string) bool {
	q, ok := t.registry.Lookup(id)
	return ok && q.LevelFor(t.profile) == spec.Advisory
}

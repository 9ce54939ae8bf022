package mock

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/isoconform/isoconform/fixtures"
	"github.com/isoconform/isoconform/internal/auth"
	"github.com/isoconform/isoconform/spec"
)

// Server is the reference mock. It is safe for concurrent use; its state lives in memory.
type Server struct {
	opts       Options
	dev        active // deviations
	vari       active // variants
	behaviours behaviours
	lifecycle  map[spec.Profile]*lifecycle
	issuer     *auth.Issuer
	principals *auth.Principals
	tokens     http.Handler
	apis       map[spec.Profile]*api
	machines   []fixtures.Machine
	machineIDs map[string]int // index into machines
	store      *store
	limiter    *limiter
	violations *violationLog
	notes      *noteLog
	faults     *faultQueue
	judge      *judge
	validation *openapi3filter.Options
	// validationNoBody is validation without the body, for a body validBodies knows.
	validationNoBody *openapi3filter.Options
	validBodies      *validBodies
	bodies           *bodyBudget
	// hostNames, listen and anyIP are the names the server answers under besides loopback
	// (see authority); listen and anyIP are set by Start before it serves.
	hostNames []string
	listen    string
	anyIP     bool
	handler   http.Handler
}

// New builds a Server: it loads both profiles' OpenAPI documents and builds their routers,
// mints a fresh signing key, and loads the fixture principals and machines.
func New(opts Options) (*Server, error) {
	opts = opts.withDefaults()
	dev, err := parseDeviations(opts.Deviations)
	if err != nil {
		return nil, err
	}
	vari, err := parseVariants(opts.Variants)
	if err != nil {
		return nil, err
	}
	principals, err := auth.FixturePrincipals()
	if err != nil {
		return nil, fmt.Errorf("mock: %w", err)
	}
	issuer, err := auth.NewIssuer(principals.TenantID(), opts.Now)
	if err != nil {
		return nil, fmt.Errorf("mock: %w", err)
	}
	machines, err := fixtures.Machines()
	if err != nil {
		return nil, fmt.Errorf("mock: %w", err)
	}
	for i := range opts.ExtraMachines {
		machines = append(machines, fixtures.Machine{ID: ExtraMachineID(i),
			ComputerDNSName: fmt.Sprintf("bench-%d.contoso.example", i), OSPlatform: "Windows10", HealthStatus: "Active"})
	}
	s := &Server{
		opts:       opts,
		dev:        dev,
		vari:       vari,
		behaviours: newBehaviours(dev, vari),
		issuer:     issuer,
		principals: principals,
		tokens:     auth.NewTokenEndpoint(issuer, principals),
		apis:       map[spec.Profile]*api{},
		machines:   machines,
		machineIDs: make(map[string]int, len(machines)),
		store:      newStore(opts.MaxActions),
		limiter:    newLimiter(opts.RateLimit.PerMinute, opts.RateLimit.PerHour),
		violations: newViolationLog(opts.MaxViolations),
		notes:      newRing[Note](opts.MaxViolations),
		faults:     &faultQueue{},
		bodies:     newBodyBudget(opts.MaxBodyMemory),
		validation: &openapi3filter.Options{
			AuthenticationFunc:      openapi3filter.NoopAuthenticationFunc,
			MultiError:              true,
			SkipSettingDefaults:     true,
			SchemaValidationOptions: spec.SchemaOptions(),
		},
	}
	s.hostNames = hostNames(slices.Concat(opts.HostNames, s.ProxyHosts()))
	noBody := *s.validation
	noBody.ExcludeRequestBody = true
	s.validationNoBody, s.validBodies = &noBody, newValidBodies()
	s.lifecycle = lifecycles(s.behaviours)
	s.judge = newJudge(opts.Now, s.store, opts.CompletionDelay)
	for i, m := range machines {
		s.machineIDs[m.ID] = i
	}
	ctx := context.Background()
	for _, p := range spec.Profiles() {
		a, err := s.newAPI(ctx, p)
		if err != nil {
			return nil, err
		}
		s.apis[p] = a
	}
	s.handler = s.routes()
	return s, nil
}

// Handler returns the server's HTTP handler: both profiles' APIs, the token endpoints, and
// /_isoconform/violations.
func (s *Server) Handler() http.Handler { return s.handler }

// Machines returns the machines the server knows (a copy).
func (s *Server) Machines() []fixtures.Machine { return slices.Clone(s.machines) }

// Deviations returns the names of the deviations the server commits, sorted.
func (s *Server) Deviations() []string { return s.dev.names() }

// Variants returns the names of the variants the server takes, sorted.
func (s *Server) Variants() []string { return s.vari.names() }

// machine returns the fixture machine with id.
func (s *Server) machine(id string) (fixtures.Machine, bool) {
	i, ok := s.machineIDs[id]
	if !ok {
		return fixtures.Machine{}, false
	}
	return s.machines[i], true
}

func (s *Server) now() time.Time { return s.opts.Now() }

// ExtraMachineID returns the id of the generated machine i of Options.ExtraMachines: 40 hex
// digits, the sha1 of "isoconform-extra-machine-<i>", the same on every run.
func ExtraMachineID(i int) string {
	sum := sha1.Sum([]byte("isoconform-extra-machine-" + strconv.Itoa(i)))
	return hex.EncodeToString(sum[:])
}

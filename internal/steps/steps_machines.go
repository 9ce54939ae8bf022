package steps

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/isoconform/isoconform/spec"
)

// machineSteps name the machine a scenario acts on (one from the pool, or an id that does not
// exist) and read machines: GET {base}/machines/{id}, and GET {base}/machines with OData
// (current profile), the lookup integrations make before they isolate.
func machineSteps() []stepDef {
	return []stepDef{
		{`^a machine the suite may isolate$`, aPoolMachine},
		{`^a machine id that does not exist$`, anUnknownMachine},
		{`^the machine id "([^"]*)" that does not exist$`, aNamedUnknownMachine},
		{`^the caller fetches the machine$`, fetchMachine},
		{`^the response is the machine$`, isTheMachine},
		{`^the caller looks the machine up by its computerDnsName$`, lookupByDNSName},
		{`^the list holds the machine$`, listHoldsMachine},
		{`^the caller reads the machines one at a time with \$top=1, first with \$skip=0, then with \$skip=1$`, pageMachines},
		{`^each page holds at most one machine, and the two pages differ$`, pagesDiffer},
		{`^the caller lists the machines with the query "([^"]*)"$`, listMachinesQuery},
		{`^the response is an OData error: a message, the code ODataError or empty$`, isODataError},
	}
}

func (s *scenario) listMachines(ctx context.Context, q url.Values) error {
	if err := s.do(ctx, request{op: opListMachines, method: http.MethodGet, rel: "/machines", query: q, auth: s.authorization()}); err != nil {
		return err
	}
	return s.probe(spec.FeatureMachineLookup)
}

// lookupByDNSName reads the machine's computerDnsName, then filters the machine list on it.
func lookupByDNSName(ctx context.Context) error {
	s := from(ctx)
	if err := fetchMachine(ctx); err != nil {
		return err
	}
	if s.last.StatusCode != http.StatusOK {
		return s.fail("200 with the machine (precondition)", s.t.describe(s.last), reqMget001)
	}
	body, _ := s.lastJSON.(map[string]any)
	name := str(body["computerDnsName"])
	if name == "" {
		return s.skip("machine %s has no computerDnsName to look it up by", s.machine)
	}
	return s.listMachines(ctx, url.Values{"$filter": {"computerDnsName eq '" + name + "'"}})
}

// listItems returns the value array of the last collection answer, which must carry an
// @odata.context and a value array.
func (s *scenario) listItems() ([]any, error) {
	body, ok := s.lastJSON.(map[string]any)
	if !ok {
		return nil, s.fail("a collection with @odata.context and value", s.t.describe(s.last))
	}
	if _, ok := body["@odata.context"].(string); !ok {
		return nil, s.fail("a collection with @odata.context", s.t.describe(s.last))
	}
	items, ok := body["value"].([]any)
	if !ok {
		return nil, s.fail("a collection with a value array", s.t.describe(s.last))
	}
	return items, nil
}

func listHoldsMachine(ctx context.Context) error {
	s := from(ctx)
	items, err := s.listItems()
	if err != nil {
		return err
	}
	for _, it := range items {
		if m, ok := it.(map[string]any); ok && str(m["id"]) == s.machine {
			return nil
		}
	}
	return s.fail("machine "+s.machine+" in the list", fmt.Sprintf("%d machines, none with that id", len(items)))
}

// pageMachines reads two one-machine pages; pagesDiffer compares them.
func pageMachines(ctx context.Context) error {
	s := from(ctx)
	s.pages = nil
	for _, skip := range []string{"0", "1"} {
		if err := s.listMachines(ctx, url.Values{"$top": {"1"}, "$skip": {skip}}); err != nil {
			return err
		}
		if s.last.StatusCode != http.StatusOK {
			return s.fail("200 with a page of machines", s.t.describe(s.last))
		}
		items, err := s.listItems()
		if err != nil {
			return err
		}
		s.pages = append(s.pages, items)
	}
	return nil
}

func pagesDiffer(ctx context.Context) error {
	s := from(ctx)
	if len(s.pages) != 2 {
		return harness("no pages were read")
	}
	ids := make([]string, 2)
	for i, page := range s.pages {
		if len(page) > 1 {
			return s.fail("at most one machine with $top=1", fmt.Sprintf("%d machines on page %d", len(page), i+1))
		}
		if len(page) == 1 {
			m, _ := page[0].(map[string]any)
			ids[i] = str(m["id"])
		}
	}
	if ids[0] == "" {
		return s.skip("the target lists no machine, so paging cannot be observed")
	}
	if ids[0] == ids[1] {
		return s.fail("$skip=1 to start after the first machine", fmt.Sprintf("both pages hold machine %s", ids[0]))
	}
	return nil
}

func listMachinesQuery(ctx context.Context, raw string) error {
	s := from(ctx)
	q, err := url.ParseQuery(raw)
	if err != nil {
		return harness("bad query %q: %v", raw, err)
	}
	return s.listMachines(ctx, q)
}

// isODataError accepts both shapes an unsupported OData query is known to get: the envelope
// with the code ODataError (common-errors), or the captured body with an empty code and a
// details array (microsoft-365-docs#12682).
func isODataError(ctx context.Context) error {
	s := from(ctx)
	body, _ := s.lastJSON.(map[string]any)
	e, ok := body["error"].(map[string]any)
	if !ok {
		return s.fail(`an error object {"error":{"code","message"}}`, s.t.describe(s.last), reqMlist002)
	}
	code, isStr := e["code"].(string)
	if _, hasMsg := e["message"].(string); !hasMsg || !isStr || (code != "" && code != "ODataError") {
		return s.fail(`a message and the code ODataError (or an empty code)`, s.t.describe(s.last), reqMlist002)
	}
	return nil
}

func aPoolMachine(ctx context.Context) error {
	s := from(ctx)
	if why := s.t.haltReason(); why != "" {
		return s.skip("no further isolation in this run: %s", why)
	}
	id, err := s.t.pool.acquire(ctx, s.t.timeouts.MachineWait)
	if errors.Is(err, errNoMachines) {
		return s.skip("%v", err)
	}
	if err != nil {
		return harness("%v", err)
	}
	if why := s.t.haltReason(); why != "" { // set while this scenario waited for the machine
		s.t.pool.release(id)
		return s.skip("no further isolation in this run: %s", why)
	}
	s.machine, s.leased, s.lease = id, true, id
	return nil
}

func anUnknownMachine(ctx context.Context) error {
	s := from(ctx)
	s.machine = s.t.unknownID
	return nil
}

func aNamedUnknownMachine(ctx context.Context, id string) error {
	from(ctx).machine = id
	return nil
}

func isTheMachine(ctx context.Context) error {
	s := from(ctx)
	body, _ := s.lastJSON.(map[string]any)
	if got := str(body["id"]); got != s.machine {
		return s.fail(fmt.Sprintf("machine id %q", s.machine), fmt.Sprintf("id %q", got))
	}
	return nil
}

func fetchMachine(ctx context.Context) error {
	s := from(ctx)
	if err := s.do(ctx, request{op: opGetMachine, method: http.MethodGet, rel: "/machines/" + url.PathEscape(s.machine), auth: s.authorization()}); err != nil {
		return err
	}
	return s.probe(spec.FeatureMachineLookup)
}

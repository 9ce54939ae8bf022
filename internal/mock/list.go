package mock

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// maxPageSize is the documented maximum page size of GET machineactions.
const maxPageSize = 10_000

// supportedQueryOption reports whether GET machineactions understands the OData system query
// option.
func supportedQueryOption(name string) bool {
	return name == "$filter" || name == "$top" || name == "$skip"
}

// listActions serves GET {base}/machineactions with $filter, $top and $skip, newest last,
// pages of at most 10,000 with @odata.nextLink.
func (x *exchange) listActions() {
	p := x.profile
	q := x.r.URL.Query()
	for k := range q {
		if strings.HasPrefix(k, "$") && !supportedQueryOption(k) {
			x.fail(apiError{http.StatusBadRequest, codeODataError, "The query specified in the URI is not valid. Custom query option '" +
				k + "' that starts with '$' is not supported."}, ruleParameter)
			return
		}
	}
	var clauses []clause
	if f := q.Get("$filter"); f != "" {
		var err error
		if clauses, err = parseFilter(f); err != nil {
			x.fail(apiError{http.StatusBadRequest, codeODataError, "The query specified in the URI is not valid: $filter: " + err.Error() + "."}, ruleParameter)
			return
		}
	}
	top, skip := maxPageSize, 0
	if v, err := strconv.Atoi(q.Get("$top")); err == nil && v > 0 && v < top {
		top = v
	}
	if v, err := strconv.Atoi(q.Get("$skip")); err == nil && v > 0 {
		skip = v
	}
	// The indexes narrow the candidates (store.scan); the clauses are checked on the stored
	// action, and only the page is rendered.
	machineID, status := "", ""
	for _, c := range clauses {
		switch {
		case c.field == "machineId" && c.op == "eq":
			machineID = c.value
		case c.field == "status" && c.op == "eq":
			status = c.value
		}
	}
	now := x.s.now()
	delay := x.s.opts.CompletionDelay
	var found []*action
	seen := 0
	more := false
	x.s.store.scan(p, machineID, status, now, delay, func(a *action) bool {
		if !matchesAll(clauses, func(field string) any { return a.property(field, now, delay) }) {
			return true
		}
		seen++
		switch {
		case seen <= skip:
		case len(found) < top:
			found = append(found, a)
		default:
			more = true
			return false
		}
		return true
	})
	origin := x.origin()
	page := make([]object, 0, len(found))
	for _, a := range found {
		// OData puts @odata.context on the collection, not on each of its items.
		page = append(page, slices.DeleteFunc(x.s.renderAction(a, p, origin, now, false), isODataContext))
	}
	body := object{{"@odata.context", origin + "/$metadata#MachineActions"}, {"value", page}}
	if more {
		body = append(body, field{"@odata.nextLink", nextLink(origin+"/machineactions", q, skip, top)})
	}
	x.sendJSON(http.StatusOK, body, nil)
}

// isODataContext reports whether f is the @odata.context property.
func isODataContext(f field) bool { return f.key == "@odata.context" }

// nextLink is the @odata.nextLink of a page: the same query on the collection, past the
// page's items.
func nextLink(collection string, q url.Values, skip, top int) string {
	next := make(url.Values, len(q)+1)
	for k, v := range q {
		next[k] = v
	}
	next.Set("$skip", strconv.Itoa(skip+top))
	if q.Get("$top") != "" {
		next.Set("$top", strconv.Itoa(top))
	}
	return collection + "?" + next.Encode()
}

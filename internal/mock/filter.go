package mock

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// propKind says how a filterable property compares.
type propKind int

const (
	propString propKind = iota // eq, ne with a quoted string
	propDate                   // eq, ne, gt, ge, lt, le with a date-time
	propNumber                 // eq, ne, gt, ge, lt, le with an integer
)

// clause is one comparison of an OData $filter: field op value.
type clause struct {
	field, op, value string
	kind             propKind
	when             time.Time // the value of a date comparison
	num              int64     // the value of a number comparison
}

// actionProperty returns how a MachineAction property compares, if $filter works on it.
func actionProperty(field string) (propKind, bool) {
	switch field {
	case "id", "status", "machineId", "type", "requestor":
		return propString, true
	case "creationDateTimeUtc":
		return propDate, true
	}
	return 0, false
}

// parseFilter parses the $filter subset the mock supports on machine actions: comparisons
// joined by "and", each `field eq 'value'` (also ne) on id, status, machineId, type or
// requestor, or `creationDateTimeUtc gt|ge|lt|le|eq|ne 2024-01-02T03:04:05Z`.
func parseFilter(s string) ([]clause, error) { return parseFilterOf(s, actionProperty) }

// parseFilterOf parses a $filter of comparisons joined by "and" on the properties kindOf
// knows: strings compare with eq and ne against a quoted value (” escapes a quote), dates
// and numbers also with gt, ge, lt and le.
func parseFilterOf(s string, kindOf func(string) (propKind, bool)) ([]clause, error) {
	toks, err := lexFilter(s)
	if err != nil {
		return nil, err
	}
	var out []clause
	for i := 0; i < len(toks); {
		if len(toks)-i < 3 {
			return nil, fmt.Errorf("incomplete comparison")
		}
		c := clause{field: toks[i], op: strings.ToLower(toks[i+1]), value: toks[i+2]}
		kind, ok := kindOf(c.field)
		if !ok {
			return nil, fmt.Errorf("property %q cannot be filtered on", c.field)
		}
		c.kind = kind
		ordered := strings.Contains(" eq ne gt ge lt le ", " "+c.op+" ")
		switch {
		case kind == propDate:
			if !ordered {
				return nil, fmt.Errorf("operator %q is not supported", c.op)
			}
			t, err := parseODataDate(strings.Trim(c.value, "'"))
			if err != nil {
				return nil, fmt.Errorf("%q is not a date-time", c.value)
			}
			c.when = t
		case kind == propNumber:
			if !ordered {
				return nil, fmt.Errorf("operator %q is not supported", c.op)
			}
			n, err := strconv.ParseInt(c.value, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("the value compared with %s must be an integer", c.field)
			}
			c.num = n
		case c.op != "eq" && c.op != "ne":
			return nil, fmt.Errorf("operator %q is not supported on %s", c.op, c.field)
		case !strings.HasPrefix(c.value, "'"):
			return nil, fmt.Errorf("the value compared with %s must be a quoted string", c.field)
		default:
			c.value = strings.ReplaceAll(c.value[1:len(c.value)-1], "''", "'")
		}
		out = append(out, c)
		i += 3
		if i < len(toks) {
			if !strings.EqualFold(toks[i], "and") {
				return nil, fmt.Errorf("only 'and' joins comparisons")
			}
			i++
			if i == len(toks) {
				return nil, fmt.Errorf("nothing after 'and'")
			}
		}
	}
	return out, nil
}

// lexFilter splits a filter into words, keeping quoted strings (with ” escapes) whole.
func lexFilter(s string) ([]string, error) {
	var toks []string
	for i := 0; i < len(s); {
		switch {
		case s[i] == ' ' || s[i] == '\t':
			i++
		case s[i] == '\'':
			j := i + 1
			for {
				if j >= len(s) {
					return nil, fmt.Errorf("unterminated string")
				}
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			toks = append(toks, s[i:j+1])
			i = j + 1
		default:
			j := i
			for j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != '\'' {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		}
	}
	if len(toks) == 0 {
		return nil, fmt.Errorf("empty filter")
	}
	return toks, nil
}

// property returns the value of a filterable MachineAction property of a at now, as
// rendered: a string, or the creation time (nil for a property $filter does not know).
func (a *action) property(field string, now time.Time, delay time.Duration) any {
	switch field {
	case "id":
		return a.id
	case "status":
		st, _ := a.state(now, delay)
		return st
	case "machineId":
		return a.machineID
	case "type":
		return a.kind
	case "requestor":
		return a.requestor
	case "creationDateTimeUtc":
		return a.created
	}
	return nil
}

// matchesAll reports whether the values valueOf returns (string, time.Time, int64 or int; nil
// when absent) satisfy every clause. An absent value satisfies only ne.
func matchesAll(clauses []clause, valueOf func(field string) any) bool {
	for _, c := range clauses {
		if !c.holds(valueOf(c.field)) {
			return false
		}
	}
	return true
}

// holds evaluates the clause on v.
func (c clause) holds(v any) bool {
	cmp, ok := 0, false
	switch x := v.(type) {
	case string:
		if c.kind == propString {
			cmp, ok = strings.Compare(x, c.value), true
		}
	case time.Time:
		if c.kind == propDate {
			cmp, ok = x.Compare(c.when), true
		}
	case int64:
		if c.kind == propNumber {
			cmp, ok = compareInt(x, c.num), true
		}
	case int:
		if c.kind == propNumber {
			cmp, ok = compareInt(int64(x), c.num), true
		}
	}
	if !ok {
		return c.op == "ne"
	}
	switch c.op {
	case "eq":
		return cmp == 0
	case "ne":
		return cmp != 0
	case "gt":
		return cmp > 0
	case "ge":
		return cmp >= 0
	case "lt":
		return cmp < 0
	case "le":
		return cmp <= 0
	}
	return false
}

func compareInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

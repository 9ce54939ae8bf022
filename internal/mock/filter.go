package mock

import (
	"fmt"
	"strings"
	"time"
)

// clause is one comparison of an OData $filter: field op value.
type clause struct {
	field, op, value string
	when             time.Time // the value of a creationDateTimeUtc comparison
}

// filterable reports whether the documents say $filter works on the property.
func filterable(field string) bool {
	switch field {
	case "id", "status", "machineId", "type", "requestor", "creationDateTimeUtc":
		return true
	}
	return false
}

// parseFilter parses the $filter subset the mock supports: comparisons joined by "and", each
// `field eq 'value'` (also ne) on id, status, machineId, type or requestor, or
// `creationDateTimeUtc gt|ge|lt|le|eq|ne 2024-01-02T03:04:05Z`.
func parseFilter(s string) ([]clause, error) {
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
		if !filterable(c.field) {
			return nil, fmt.Errorf("property %q cannot be filtered on", c.field)
		}
		switch {
		case c.field == "creationDateTimeUtc":
			if !strings.Contains(" eq ne gt ge lt le ", " "+c.op+" ") {
				return nil, fmt.Errorf("operator %q is not supported", c.op)
			}
			t, err := time.Parse(time.RFC3339Nano, strings.Trim(c.value, "'"))
			if err != nil {
				return nil, fmt.Errorf("%q is not a date-time", c.value)
			}
			c.when = t
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

// matches reports whether a rendered action's properties satisfy every clause.
func matches(clauses []clause, props map[string]string, created time.Time) bool {
	for _, c := range clauses {
		var ok bool
		if c.field == "creationDateTimeUtc" {
			switch c.op {
			case "eq":
				ok = created.Equal(c.when)
			case "ne":
				ok = !created.Equal(c.when)
			case "gt":
				ok = created.After(c.when)
			case "ge":
				ok = !created.Before(c.when)
			case "lt":
				ok = created.Before(c.when)
			case "le":
				ok = !created.After(c.when)
			}
		} else {
			ok = (props[c.field] == c.value) == (c.op == "eq")
		}
		if !ok {
			return false
		}
	}
	return true
}

package mock

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// funcClause is an OData function in a machines $filter that the documents' examples use:
// startswith(computerDnsName,'mymachine') or machineTags/any(tag: tag eq 'ExampleTag').
type funcClause struct {
	startsWith string // the property startswith tests; "" for a tag clause
	value      string
}

// The two function forms, matched on a whole clause (case-insensitive names, any spacing).
var (
	startsWithClause = regexp.MustCompile(`^(?i:startswith)\(\s*([A-Za-z]+)\s*,\s*'((?:[^']|'')*)'\s*\)$`)
	tagAnyClause     = regexp.MustCompile(`^(?i:machineTags)/(?i:any)\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([A-Za-z_][A-Za-z0-9_]*)\s+(?i:eq)\s+'((?:[^']|'')*)'\s*\)$`)
)

// parseMachineFilter parses a machines $filter: comparisons (parseFilterOf) and the function
// clauses, all joined by "and".
func parseMachineFilter(s string) ([]clause, []funcClause, error) {
	parts, err := splitAnd(s)
	if err != nil {
		return nil, nil, err
	}
	var rest []string
	var funcs []funcClause
	for _, part := range parts {
		if m := startsWithClause.FindStringSubmatch(part); m != nil {
			kind, ok := machineProperty(m[1])
			if !ok || kind != propString {
				return nil, nil, fmt.Errorf("startswith needs a string property, not %q", m[1])
			}
			funcs = append(funcs, funcClause{startsWith: m[1], value: strings.ReplaceAll(m[2], "''", "'")})
			continue
		}
		if m := tagAnyClause.FindStringSubmatch(part); m != nil {
			if m[1] != m[2] {
				return nil, nil, fmt.Errorf("machineTags/any compares %q, but its variable is %q", m[2], m[1])
			}
			funcs = append(funcs, funcClause{value: strings.ReplaceAll(m[3], "''", "'")})
			continue
		}
		if strings.Contains(part, "(") {
			return nil, nil, fmt.Errorf("the function in %q is not supported (startswith and machineTags/any are)", printable(part))
		}
		rest = append(rest, part)
	}
	if len(rest) == 0 {
		return nil, funcs, nil
	}
	clauses, err := parseFilterOf(strings.Join(rest, " and "), machineProperty)
	return clauses, funcs, err
}

// splitAnd splits a filter at the "and" that join its clauses, outside quotes and parentheses.
func splitAnd(s string) ([]string, error) {
	var parts []string
	depth, quoted, start := 0, false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'':
			quoted = !quoted // '' inside a string toggles twice
		case quoted:
		case c == '(':
			depth++
		case c == ')':
			if depth--; depth < 0 {
				return nil, fmt.Errorf("unbalanced parentheses")
			}
		case depth == 0 && (c == ' ' || c == '\t') && len(s) >= i+5 && strings.EqualFold(s[i+1:i+4], "and") && (s[i+4] == ' ' || s[i+4] == '\t'):
			parts = append(parts, strings.TrimSpace(s[start:i]))
			start = i + 5
			i += 4
		}
	}
	if quoted {
		return nil, fmt.Errorf("unterminated string")
	}
	if depth != 0 {
		return nil, fmt.Errorf("unbalanced parentheses")
	}
	parts = append(parts, strings.TrimSpace(s[start:]))
	for _, p := range parts {
		if p == "" {
			return nil, fmt.Errorf("an empty clause")
		}
	}
	return parts, nil
}

// holdsAll reports whether the machine satisfies every function clause.
func (d machineDetails) holdsAll(funcs []funcClause) bool {
	for _, f := range funcs {
		if f.startsWith == "" {
			if !slices.Contains(d.tags, f.value) {
				return false
			}
			continue
		}
		v, ok := d.value(f.startsWith).(string)
		if !ok || !strings.HasPrefix(v, f.value) {
			return false
		}
	}
	return true
}

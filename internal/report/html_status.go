package report

import (
	"fmt"
	"strings"
)

// statusWord is the upper-case word the page shows for a status; class is
// the CSS suffix.
func statusWord(s Status) (word, class string) {
	switch s {
	case StatusUnknown:
		return "NOT CHECKED", "unknown"
	case StatusNotSupported:
		return "NOT SUPPORTED", "not-supported"
	}
	return strings.ToUpper(s.String()), s.String()
}

// findings adds the advisory findings of a passing scenario to Observed.
func (v *htmlView) findings(sc Scenario, n *int) {
	for _, sf := range sc.Findings {
		*n++
		v.Observed = append(v.Observed, htmlFailure{
			Anchor: fmt.Sprintf("failure-%d", *n), Level: levelWord(LevelAdvisory),
			Name: sc.Name, Where: where(sc), Observed: true,
			ReqID: sf.RequirementID, ReqText: sf.RequirementText, Expected: sf.Expected, Actual: sf.Actual,
			Exchange: strings.TrimRight(sf.Exchange, "\n"), Reproduce: sf.Reproduce,
			Summary: "Show HTTP exchange",
		})
	}
}

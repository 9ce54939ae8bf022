package mock

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

// A body is exactly one JSON value: anything after it but white space is an invalid body, a
// 400 InvalidRequestBody and a recorded violation, never a 201 that drops what was asked.
func TestTrailingDataIsInvalidBody(t *testing.T) {
	cases := map[string]string{
		"trailing garbage": `{"Comment":"x","IsolationType":"Selective"} trailing-garbage`,
		"two objects":      `{"Comment":"x","IsolationType":"Selective"}{"Comment":"y","IsolationType":"Full"}`,
		"closing brackets": `{"Comment":"x","IsolationType":"Selective"}]]]`,
		"trailing comma":   `{"Comment":"x","IsolationType":"Selective"},`,
		"trailing number":  `{"Comment":"x","IsolationType":"Selective"} 1`,
	}
	for _, p := range spec.Profiles() {
		h := newHarness(t, Options{})
		for name, body := range cases {
			t.Run(string(p)+"/"+name, func(t *testing.T) {
				h.s.ClearViolations()
				r := h.isolate(p, h.machine(0), body)
				require.Equal(t, 400, r.status, string(r.body))
				assert.Equal(t, codeInvalidRequestBody, r.errorCode(t))
				vs := h.s.Violations()
				require.Len(t, vs, 1)
				assert.Equal(t, ruleBody, vs[0].Rule)
			})
		}
		t.Run(string(p)+"/white space after the value", func(t *testing.T) {
			r := h.isolate(p, h.machine(1), "{\"Comment\":\"x\",\"IsolationType\":\"Selective\"} \r\n\t ")
			require.Equal(t, 201, r.status, string(r.body))
			assert.Equal(t, "x", r.json(t)["requestorComment"])
			if p == spec.Current {
				assert.Equal(t, "Selective", r.json(t)["scope"])
			}
			require.Equal(t, 201, h.unisolate(p, h.machine(1)).status)
		})
	}
}

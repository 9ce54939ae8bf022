package conformance_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/isoconform/isoconform/conformance"
	"github.com/isoconform/isoconform/mock"
)

// With no base URL the suite runs against the reference mock, which conforms.
func ExampleRun() {
	r, err := conformance.Run(context.Background(), conformance.Options{Profile: conformance.Current})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Verdict == conformance.Conformant, r.ExitCode())
	// Output: true 0
}

// A mock that answers a successful isolation with 200 instead of 201 is not conformant, and
// the result names the broken requirement.
func ExampleRun_deviation() {
	r, err := conformance.Run(context.Background(), conformance.Options{
		Profile: conformance.Current,
		Tags:    "@core",
		Mock:    mock.Options{Deviations: []string{"created-200"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Verdict)
	for _, q := range r.Requirements {
		if q.ID == "ISO-HTTP-001" {
			fmt.Println(q.ID, q.Status)
		}
	}
	// Output:
	// non-conformant
	// ISO-HTTP-001 fail
}

// List tells what a run would execute and what proves each requirement, sending nothing.
func ExampleList() {
	l, err := conformance.List(conformance.Options{Profile: conformance.Preview2017})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, q := range l.Requirements {
		if q.ID == "ISO-HTTP-001" {
			fmt.Println(q.ID, q.Level, len(q.Scenarios) > 0, len(q.Deviations) > 0)
			for _, code := range q.StepCode { // "internal/steps/steps_answer.go:33 statusIs"
				if strings.HasSuffix(code, " statusIs") {
					fmt.Println(strings.SplitN(code, ":", 2)[0], "statusIs")
				}
			}
		}
	}
	// Output:
	// ISO-HTTP-001 core true true
	// internal/steps/steps_answer.go statusIs
}

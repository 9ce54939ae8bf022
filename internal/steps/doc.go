// Package steps runs the isoconform conformance suite: the Gherkin features of package
// features, executed by godog against any target (or the embedded reference mock), with every
// response validated against the OpenAPI document and every isolation released.
//
// Run is the entry point; Config says what to run against (with an Embedded target the caller
// supplies when there is no base URL); ConfigFromEnv reads it from ISOCONFORM_* variables;
// List names the scenarios without sending anything. The public face is package conformance.
//
// The step definitions are one table (stepdefs.go), registered with godog and read by List to
// name each step's code, built from one file per domain: steps_caller.go (who calls, with which
// token), steps_machines.go (which machine, and reading machines), steps_isolate.go (isolate and
// release), steps_action.go (reading and checking machine actions), steps_cancel.go and
// steps_answer.go (status, media type, error envelope, throttling).
package steps

// Package conformance runs the isoconform conformance suite for the Defender for Endpoint
// "Isolate machine" API from Go: Run returns the result, RunT replays it as subtests of a go
// test, List names what a run would execute without sending anything.
//
// With an empty Options.BaseURL the suite runs against the reference mock (package mock),
// started on loopback for the run; otherwise against the API at BaseURL, which must be given
// the tokens and the machines the suite may isolate. The feature files and the OpenAPI
// document are embedded, so importing the package is all a test needs.
//
// The result types are versioned (ResultVersion): fields are only ever added. Statuses and
// levels are strings, so a status a later suite adds reads as its own word.
package conformance

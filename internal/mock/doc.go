// Package mock is isoconform's reference mock of the Defender for Endpoint "Isolate machine"
// API: an in-process HTTP server that serves both contract profiles at once
// (preview-2017 under /testwdatppreview, current under /api and /api/v1.0), issues and verifies
// real RS256 tokens for the fixture principals, validates every request against the OpenAPI
// document of package spec, keeps machine actions in a bounded store, and can be turned into a
// faulty server by named deviations (see Catalogue) to prove the conformance suite's teeth.
//
// Besides the API it serves the Entra ID-shaped token endpoints of internal/auth and
// /_isoconform/violations, the requests that broke the contract.
//
// It is also a test bench for client SDKs and integrations. The current profile serves the
// calls they make around an isolation (GET machines with OData $filter, $top, $skip and
// $select; machine actions listed, read and cancelled), rate limited as documented (see
// RateLimit). Scripted faults (see Fault, QueueFault and /_isoconform/faults) make the next
// matching requests fail on purpose, and client verdicts (see Verdict, Verdicts and
// /_isoconform/verdicts) say what a client did wrong: a missing token, a wrong audience,
// wrongly cased properties, an IsolationType outside the enum, a retry before Retry-After, a
// duplicate isolate, a body not sent as JSON.
package mock

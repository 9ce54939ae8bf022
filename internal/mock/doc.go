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
// duplicate isolate, a body not sent as JSON, a refused token request. Notes (see Note and
// /_isoconform/notes) record what was refused but is not the client's fault: documented
// endpoints the mock does not emulate (501), answers an active deviation or variant chose.
// It also answers the other calls integrations make around an isolation: machines by computer
// name, findbyip, alerts (an empty collection, for connection tests).
//
// With Options.Proxy the listener is also a forward proxy that answers, as the mock, for the
// Microsoft sign-in and API hosts over TLS with a CA made at start (see internal/proxy), so an
// unmodified integration reaches it through its proxy setting and a CA bundle; Options.TLS
// serves HTTPS on the same port.
package mock

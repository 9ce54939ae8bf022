// Package mock is the isoconform reference mock of the Defender for Endpoint "Isolate machine"
// API, for the tests of other modules: Start serves it on loopback, Token issues the bearer
// tokens it accepts (and the broken ones it refuses), and Verdicts and Violations say what the
// clients that called it did wrong. Both contract profiles are served at once, preview-2017
// under /testwdatppreview and current under /api and /api/v1.0.
//
// Deviations turn the mock into a faulty server (a conformance suite must fail it); variants
// make it take a legal alternative where the documents are silent (a suite must pass it);
// queued faults script transient misbehaviour such as a 503 or a dropped connection.
package mock

// Package matrix proves the conformance suite's teeth. It runs the whole suite, in process,
// against the embedded reference mock once clean and once per deviation of the mock's
// catalogue (mock.Catalogue), each deviation switched on alone, and records which scenarios
// and requirements each deviation makes fail. A deviation is caught when the run is
// non-conformant (exit code 1) and, for every requirement the deviation declares, a failed
// scenario is tagged with that requirement.
//
// It also answers, from static data only (the requirement registry, the feature files and
// the catalogue's declarations), which scenarios and deviations prove each requirement:
// Proofs, for `isoconform run --list`.
package matrix

// Package matrix proves the conformance suite's teeth. It runs the whole suite, in process,
// against the embedded reference mock once clean and once per deviation of the mock's
// catalogue (mock.Catalogue), each deviation switched on alone, and records which scenarios
// and requirements each deviation makes fail. A deviation is caught when the run is
// non-conformant (exit code 1) and, for every requirement the deviation declares, a failed
// scenario is tagged with that requirement. Which scenarios and deviations prove each
// requirement, from static data only, is conformance.List (`isoconform run --list`).
package matrix

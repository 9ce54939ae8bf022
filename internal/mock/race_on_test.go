//go:build race

package mock

// raceEnabled reports whether the tests run under the race detector, whose shadow memory
// makes the process's resident size no measure of the mock's.
const raceEnabled = true

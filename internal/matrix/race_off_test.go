//go:build !race

package matrix

// raceEnabled: the tests run under the race detector.
const raceEnabled = false

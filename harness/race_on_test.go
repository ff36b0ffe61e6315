//go:build race

package harness

// raceDetector is true under go test -race. The fault sweeps, which replay
// whole feature files once per fault, skip themselves then: they prove the
// checks catch faults, which the race detector cannot add to, and make test
// runs them in a second pass without it (see the Makefile).
const raceDetector = true

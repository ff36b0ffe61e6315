package harness

// DefaultConcurrency is how many scenarios run side by side unless
// Config.Concurrency says otherwise. Scenarios that change what others
// share (steps.SharedStates) are scheduled safely at any concurrency, so
// the number only trades speed against load on the target: at 8 the full
// suite against a target 50 ms away took 16 s against 105 s one at a time
// (BenchmarkSuiteLatency, 2 cores), while a Cantara tenant sees at most 8
// requests in flight, the pace of one busy IdP.
const DefaultConcurrency = 8

// concurrency resolves Config.Concurrency.
func concurrency(n int) int {
	if n < 1 {
		return DefaultConcurrency
	}
	return n
}

// maxIdleConnsPerHost keeps a connection per scenario in flight open
// between requests (Go's default keeps 2): otherwise each request of a
// concurrent run could pay a new TCP and TLS handshake, round trips that
// cost more than the request against a distant target.
const maxIdleConnsPerHost = 4 * DefaultConcurrency

package converge

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
)

// ResultKind marks a converge result file.
const ResultKind = "converge"

// ReadResult reads one result file; errors name the file.
func ReadResult(path string) (*Result, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Result
	if err := json.Unmarshal(b, &r); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line, col := position(b, se.Offset)
			return nil, fmt.Errorf("%s:%d:%d: expected a converge result (JSON), got %v", path, line, col, err)
		}
		return nil, fmt.Errorf("%s: expected a converge result, got %v", path, err)
	}
	if r.Kind != ResultKind {
		return nil, fmt.Errorf("%s: expected a converge result, got kind %q", path, r.Kind)
	}
	if r.Version != resultVersion {
		return nil, fmt.Errorf("%s: expected a converge result of version %d, got version %d", path, resultVersion, r.Version)
	}
	return &r, nil
}

// WriteResult writes r as indented JSON.
func WriteResult(path string, r *Result) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

func position(b []byte, offset int64) (line, col int) {
	line, col = 1, 1
	for i := int64(0); i < offset-1 && i < int64(len(b)); i++ {
		if b[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// Merge combines the results of n shards of one run into one verdict. The
// shards must share every setting that shapes the directory (dialect,
// seed, slices, figures, mix) and together be shards 0..n-1 exactly once;
// names lists the files for the error messages.
func Merge(names []string, rs []*Result) (*Result, error) {
	if len(rs) == 0 {
		return nil, errors.New("expected result files to merge, got none")
	}
	first := rs[0]
	n := max(first.Shard.Count, 1)
	seen := map[int]string{}
	for i, r := range rs {
		name := names[i]
		same := r.Dialect == first.Dialect && r.Seed == first.Seed && r.Slices == first.Slices &&
			r.Users == first.Users && r.Groups == first.Groups && r.Events == first.Events &&
			r.Duration == first.Duration && r.Mix == first.Mix
		if !same {
			return nil, fmt.Errorf("%s: expected the settings of %s (dialect %s, seed %d, %d slices, %d users, %d groups, %d events, mix %s), got dialect %s, seed %d, %d slices, %d users, %d groups, %d events, mix %s",
				name, names[0], first.Dialect, first.Seed, first.Slices, first.Users, first.Groups, first.Events, first.Mix,
				r.Dialect, r.Seed, r.Slices, r.Users, r.Groups, r.Events, r.Mix)
		}
		if max(r.Shard.Count, 1) != n || len(r.Shards) > 0 {
			return nil, fmt.Errorf("%s: expected shard i/%d of one run, got %q", name, n, shardText(r))
		}
		if prev, dup := seen[r.Shard.Index]; dup {
			return nil, fmt.Errorf("%s: expected each shard once, got shard %s again (also in %s)", name, r.Shard, prev)
		}
		seen[r.Shard.Index] = name
	}
	var missing []int
	for i := range n {
		if _, ok := seen[i]; !ok {
			missing = append(missing, i)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("expected shards 0..%d, got none for %v", n-1, missing)
	}

	out := &Result{Kind: ResultKind, Version: resultVersion, Dialect: first.Dialect, Seed: first.Seed, Slices: first.Slices,
		Users: first.Users, Groups: first.Groups, Events: first.Events, Duration: first.Duration, Rate: first.Rate, Mix: first.Mix,
		AccountsChecked: true, Drift: DriftReport{ByAttribute: map[string]int{}}}
	converged := true
	var examples []DriftExample
	for _, r := range rs {
		out.Shards = append(out.Shards, r.Shard.Index)
		out.Initial = addPhase(out.Initial, r.Initial)
		out.Churn = addPhase(out.Churn, r.Churn)
		rc := &out.Reconcile
		rc.Users += r.Reconcile.Users
		rc.Groups += r.Reconcile.Groups
		rc.Accounts += r.Reconcile.Accounts
		rc.Requests += r.Reconcile.Requests
		rc.Passes = max(rc.Passes, r.Reconcile.Passes)
		rc.Elapsed = max(rc.Elapsed, r.Reconcile.Elapsed)
		rc.Errors += r.Reconcile.Errors
		rc.Samples = appendSome(rc.Samples, r.Reconcile.Samples)
		d := &out.Drift
		d.Total += r.Drift.Total
		d.Users += r.Drift.Users
		d.Groups += r.Drift.Groups
		for a, c := range r.Drift.ByAttribute {
			d.ByAttribute[a] += c
		}
		examples = append(examples, r.Drift.Examples...)
		if r.ConvergedAfter == nil {
			converged = false
		} else if out.ConvergedAfter == nil || *r.ConvergedAfter > *out.ConvergedAfter {
			v := *r.ConvergedAfter
			out.ConvergedAfter = &v
		}
		out.Elapsed = max(out.Elapsed, r.Elapsed)
		if c := r.Cleanup; c != nil {
			if out.Cleanup == nil {
				out.Cleanup = &CleanupReport{}
			}
			out.Cleanup.Users += c.Users
			out.Cleanup.Groups += c.Groups
			out.Cleanup.Left += c.Left
			out.Cleanup.AccountsKept += c.AccountsKept
			out.Cleanup.Problems = appendSome(out.Cleanup.Problems, c.Problems)
		}
		out.AccountsChecked = out.AccountsChecked && r.AccountsChecked
		out.Interrupted = out.Interrupted || r.Interrupted
	}
	if !converged {
		out.ConvergedAfter = nil
	}
	slices.Sort(out.Shards)
	// Examples carry their slice and place, not their index: sorting by
	// slice then kind keeps a stable, replayable order.
	slices.SortStableFunc(examples, func(a, b DriftExample) int { return a.Slice - b.Slice })
	out.Drift.Examples = examples[:min(MaxExamples, len(examples))]
	out.judge()
	return out, nil
}

func shardText(r *Result) string {
	if len(r.Shards) > 0 {
		return fmt.Sprintf("an already merged result of shards %v", r.Shards)
	}
	if r.Shard.Count <= 1 {
		return "an unsharded run"
	}
	return r.Shard.String()
}

func addPhase(a, b Phase) Phase {
	if a.Ops == nil {
		a.Ops = map[Kind]*OpCount{}
	}
	for k, c := range b.Ops {
		t := a.Ops[k]
		if t == nil {
			t = &OpCount{}
			a.Ops[k] = t
		}
		t.Events += c.Events
		t.Requests += c.Requests
		t.Failed += c.Failed
		t.Samples = appendSome(t.Samples, c.Samples)
	}
	// Shards run side by side: the phase took as long as its slowest shard.
	a.Elapsed = max(a.Elapsed, b.Elapsed)
	a.total()
	return a
}

func appendSome(dst, src []string) []string {
	for _, s := range src {
		if len(dst) >= maxSamples {
			break
		}
		dst = append(dst, s)
	}
	return dst
}

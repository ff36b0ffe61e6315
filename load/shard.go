package load

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Shard is `--shard i/n`: this process plays the i-th of n disjoint slices
// of the users at 1/n of the rate, so n processes together send what one
// would (and more than one machine can).
type Shard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

// ParseShard reads "i/n" (0 ≤ i < n); "" is no shard.
func ParseShard(s string) (Shard, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Shard{}, nil
	}
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return Shard{}, fmt.Errorf("expected i/n with 0 ≤ i < n (e.g. 0/4), got %q", s)
	}
	return Shard{Index: i, Count: n}, nil
}

func (s Shard) String() string {
	if s.Count <= 1 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// part is this shard's share of total: total/n, plus one for the first
// total%n shards, so the shards add up to total.
func (s Shard) part(total int) int {
	if s.Count <= 1 {
		return total
	}
	out := total / s.Count
	if s.Index < total%s.Count {
		out++
	}
	return out
}

// ResultFile is a load run's result as JSON, for `scimharness merge`.
type ResultFile struct {
	Kind        string         `json:"kind"` // "load"
	Dialect     string         `json:"dialect"`
	Seed        int64          `json:"seed"`
	Shard       Shard          `json:"shard"`
	Shards      []int          `json:"shards,omitempty"` // merged: the shards combined
	TotalRate   float64        `json:"totalRate"`        // --rate: all shards together
	Rate        float64        `json:"rate"`             // this shard's share
	Users       int            `json:"users"`
	Window      string         `json:"window"`
	Achieved    float64        `json:"achieved"` // requests/s
	Requests    int            `json:"requests"`
	Failed      int            `json:"failed"`
	NoAnswer    int            `json:"noAnswer"`
	Statuses    map[string]int `json:"statuses"`
	Ops         []OpFigures    `json:"ops"`
	ScheduleLag SpreadFigures  `json:"scheduleLag"`
	UserQueue   SpreadFigures  `json:"userQueue"`
	Planned     int            `json:"plannedSlots"`
	Missed      int            `json:"missedSlots"`
	Created     int            `json:"created"`
	Removed     int            `json:"removed"`
	Left        []string       `json:"left,omitempty"`
	Interrupted bool           `json:"interrupted"`
	Pass        bool           `json:"pass"`
	Reasons     []string       `json:"reasons"`
}

// OpFigures is one operation's service time (send → response), in ms.
// Merged files carry the highest percentile of any shard, not a pooled one.
type OpFigures struct {
	Name   string  `json:"name"`
	Count  int     `json:"count"`
	Failed int     `json:"failed"`
	P50    float64 `json:"p50ms"`
	P95    float64 `json:"p95ms"`
	P99    float64 `json:"p99ms"`
	Max    float64 `json:"maxms"`
}

// SpreadFigures is a Spread in ms.
type SpreadFigures struct {
	Count int     `json:"count"`
	P50   float64 `json:"p50ms"`
	P95   float64 `json:"p95ms"`
	P99   float64 `json:"p99ms"`
	Max   float64 `json:"maxms"`
}

func msf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func spreadFigures(s Spread) SpreadFigures {
	return SpreadFigures{Count: s.Count, P50: msf(s.P50), P95: msf(s.P95), P99: msf(s.P99), Max: msf(s.Max)}
}

// File turns a Result into its JSON form.
func (r Result) File() ResultFile {
	f := ResultFile{Kind: "load", Dialect: r.Dialect, Seed: r.Seed, Shard: r.Shard, TotalRate: r.TotalRate, Rate: r.Rate, Users: r.Users,
		Window: r.Window.String(), Achieved: r.Achieved, Requests: r.Summary.Requests, Failed: r.Summary.Failed,
		NoAnswer: r.Summary.NoAnswer, Statuses: map[string]int{}, ScheduleLag: spreadFigures(r.ScheduleLag), UserQueue: spreadFigures(r.UserQueue),
		Planned: r.Pace.Planned, Missed: r.Pace.Missed, Created: r.Cleanup.Created, Removed: r.Cleanup.Removed, Left: r.Cleanup.Left,
		Interrupted: r.Interrupted, Pass: r.Verdict.Pass && !r.Interrupted && len(r.Cleanup.Left) == 0, Reasons: r.Verdict.Reasons}
	for code, n := range r.Summary.Statuses {
		f.Statuses[strconv.Itoa(code)] = n
	}
	for _, o := range r.Summary.Ops {
		f.Ops = append(f.Ops, OpFigures{Name: o.Name, Count: o.Count, Failed: o.Failed, P50: msf(o.P50), P95: msf(o.P95), P99: msf(o.P99), Max: msf(o.Max)})
	}
	return f
}

// WriteFile writes f as indented JSON.
func WriteFile(path string, f ResultFile) error {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// MergeFiles combines the result files of n shards of one load run: the
// counts add up, the achieved rates add up (the shards ran side by side),
// the verdict is Judge's on the totals, and each percentile is the highest
// any shard saw (percentiles do not add).
func MergeFiles(names []string, fs []ResultFile) (ResultFile, error) {
	if len(fs) == 0 {
		return ResultFile{}, errors.New("expected result files to merge, got none")
	}
	first := fs[0]
	n := max(first.Shard.Count, 1)
	seen := map[int]string{}
	for i, f := range fs {
		if f.Dialect != first.Dialect || f.TotalRate != first.TotalRate || f.Window != first.Window || max(f.Shard.Count, 1) != n || len(f.Shards) > 0 {
			return ResultFile{}, fmt.Errorf("%s: expected shard i/%d of the run in %s (dialect %s, rate %g, window %s), got shard %q, dialect %s, rate %g, window %s",
				names[i], n, names[0], first.Dialect, first.TotalRate, first.Window, f.Shard, f.Dialect, f.TotalRate, f.Window)
		}
		if prev, dup := seen[f.Shard.Index]; dup {
			return ResultFile{}, fmt.Errorf("%s: expected each shard once, got shard %s again (also in %s)", names[i], f.Shard, prev)
		}
		seen[f.Shard.Index] = names[i]
	}
	for i := range n {
		if _, ok := seen[i]; !ok {
			return ResultFile{}, fmt.Errorf("expected shards 0..%d, got none for shard %d", n-1, i)
		}
	}
	out := ResultFile{Kind: "load", Dialect: first.Dialect, Seed: first.Seed, TotalRate: first.TotalRate, Rate: first.TotalRate,
		Window: first.Window, Statuses: map[string]int{}}
	ops := map[string]*OpFigures{}
	var order []string
	sum := Summary{Statuses: map[int]int{}}
	for _, f := range fs {
		out.Shards = append(out.Shards, f.Shard.Index)
		out.Users += f.Users
		out.Achieved += f.Achieved
		out.Requests += f.Requests
		out.Failed += f.Failed
		out.NoAnswer += f.NoAnswer
		out.Planned += f.Planned
		out.Missed += f.Missed
		out.Created += f.Created
		out.Removed += f.Removed
		out.Left = append(out.Left, f.Left...)
		out.Interrupted = out.Interrupted || f.Interrupted
		for code, c := range f.Statuses {
			out.Statuses[code] += c
			n, _ := strconv.Atoi(code)
			sum.Statuses[n] += c
		}
		for _, o := range f.Ops {
			t := ops[o.Name]
			if t == nil {
				t = &OpFigures{Name: o.Name}
				ops[o.Name] = t
				order = append(order, o.Name)
			}
			t.Count += o.Count
			t.Failed += o.Failed
			t.P50, t.P95, t.P99, t.Max = max(t.P50, o.P50), max(t.P95, o.P95), max(t.P99, o.P99), max(t.Max, o.Max)
		}
		out.ScheduleLag = maxSpread(out.ScheduleLag, f.ScheduleLag)
		out.UserQueue = maxSpread(out.UserQueue, f.UserQueue)
	}
	slices.Sort(out.Shards)
	for _, name := range order {
		out.Ops = append(out.Ops, *ops[name])
	}
	sum.Requests, sum.Failed, sum.NoAnswer = out.Requests, out.Failed, out.NoAnswer
	v := Judge(out.TotalRate, out.Achieved, sum)
	out.Pass = v.Pass && !out.Interrupted && len(out.Left) == 0
	out.Reasons = v.Reasons
	return out, nil
}

func maxSpread(a, b SpreadFigures) SpreadFigures {
	return SpreadFigures{Count: a.Count + b.Count, P50: max(a.P50, b.P50), P95: max(a.P95, b.P95), P99: max(a.P99, b.P99), Max: max(a.Max, b.Max)}
}

// ReadFile reads a load result file; errors name the file.
func ReadFile(path string, data []byte) (ResultFile, error) {
	var f ResultFile
	if err := json.Unmarshal(data, &f); err != nil {
		return f, fmt.Errorf("%s: expected a load result (JSON), got %v", path, err)
	}
	if f.Kind != "load" {
		return f, fmt.Errorf("%s: expected a load result, got kind %q", path, f.Kind)
	}
	return f, nil
}

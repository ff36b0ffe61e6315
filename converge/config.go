package converge

import (
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/scimharness/scimharness/load"
	"github.com/scimharness/scimharness/simulator"
)

// Defaults of `scimharness converge`.
const (
	DefaultUsers       = 1000
	DefaultGroups      = 50
	DefaultEvents      = 5000
	DefaultSlices      = 16
	DefaultConcurrency = 16
	// DefaultSettle is how long reconciliation keeps re-reading drifted
	// resources of a target that applies writes asynchronously.
	DefaultSettle = 10 * time.Second
	// GroupsPerUser is how many groups each user joins in the initial cycle.
	GroupsPerUser = 2
	// DefaultRetries is how often a request refused with 429/503 is sent
	// again, waiting as Retry-After says (Entra and Okta both back off and retry).
	DefaultRetries = 5
)

// UsersPerGroup sizes the default directory beyond DefaultGroups × it
// users: one group per hundred users, as large directories have (a
// 100k-user directory of 50 groups would make every group thousands
// strong, which measures one huge-group write path rather than churn).
const UsersPerGroup = 100

// DefaultGroupsFor is --groups when it is not given: DefaultGroups, or one
// group per UsersPerGroup users when that is more.
func DefaultGroupsFor(users int) int { return max(DefaultGroups, users/UsersPerGroup) }

// Config is one converge run.
type Config struct {
	BaseURL    string // tenant URL, https://<host>/scim/v2/<TenantID>
	Token      string // provisioning token; masked everywhere
	AdminURL   string // "" → accounts and console groups are not reconciled (reported)
	AdminToken string
	TenantID   string // "" → the base URL's last segment
	HTTPClient *http.Client
	Masker     *simulator.Masker // nil → a new one knowing the tokens
	Dialect    simulator.Dialect
	Profile    simulator.Profile

	Users  int // in the directory at the initial cycle (all slices together)
	Groups int
	// Events of churn after the initial cycle; 0 with a Duration → until it ends.
	Events   int
	Duration time.Duration // churn window; 0 → Events decides
	Rate     float64       // churn events per second, all slices together; 0 → as fast as answered
	Mix      Mix
	Seed     int64
	Slices   int   // 0 → DefaultSlices
	Shard    Shard // zero → the whole directory
	// Concurrency bounds the requests in flight; 0 → DefaultConcurrency.
	Concurrency int
	Settle      time.Duration // see DefaultSettle; 0 → one reconciliation pass
	Keep        bool          // leave the run's users and groups in the target
	Log         io.Writer     // phase lines; nil → discarded
	// Progress, when set, is told of each phase and each finished operation
	// (the command draws a bar on a terminal).
	Progress Progress
}

// Progress follows a long run: Start opens a phase of total operations
// (-1 when unknown), Add counts finished ones, Done closes it.
type Progress interface {
	Start(phase string, total int)
	Add(n int)
	Done()
}

type noProgress struct{}

func (noProgress) Start(string, int) {}
func (noProgress) Add(int)           {}
func (noProgress) Done()             {}

// Shard is `--shard i/n`, the same flag and parse as load's: this process
// runs the slices s with s mod n == i.
type Shard = load.Shard

// ParseShard reads "i/n" (0 ≤ i < n); "" is no shard.
func ParseShard(v string) (Shard, error) { return load.ParseShard(v) }

// owns reports whether shard sh runs slice.
func owns(sh Shard, slice int) bool { return sh.Count <= 1 || slice%sh.Count == sh.Index }

// Kind is one kind of churn event.
type Kind string

// The event kinds, in report order.
const (
	UserCreate   Kind = "create"
	UserUpdate   Kind = "update"
	Deactivate   Kind = "deactivate"
	Reactivate   Kind = "reactivate"
	Remove       Kind = "remove"
	Reprovision  Kind = "reprovision"
	MemberAdd    Kind = "member-add"
	MemberRemove Kind = "member-remove"
	GroupCreate  Kind = "group-create"
	GroupRename  Kind = "group-rename"
	GroupDelete  Kind = "group-delete"
)

// Kinds lists every event kind in report order.
var Kinds = []Kind{UserCreate, UserUpdate, Deactivate, Reactivate, Remove, Reprovision, MemberAdd, MemberRemove, GroupCreate, GroupRename, GroupDelete}

// Mix is the relative weight of each event kind in churn.
type Mix map[Kind]int

// DefaultMix is a directory's ordinary weeks: mostly attribute updates and
// membership changes, some joiners, leavers and returners, rare group
// changes.
func DefaultMix() Mix {
	return Mix{
		UserCreate: 10, UserUpdate: 30, Deactivate: 8, Reactivate: 6, Remove: 5, Reprovision: 4,
		MemberAdd: 18, MemberRemove: 12, GroupCreate: 2, GroupRename: 3, GroupDelete: 2,
	}
}

// ParseMix reads "update=50,group-delete=0": the kinds named take the
// given weights, the others keep DefaultMix's.
func ParseMix(s string) (Mix, error) {
	m := DefaultMix()
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, val, ok := strings.Cut(part, "=")
		k := Kind(strings.TrimSpace(name))
		w, err := strconv.Atoi(strings.TrimSpace(val))
		switch {
		case !ok || !slices.Contains(Kinds, k):
			return nil, fmt.Errorf("expected kind=weight with a kind among %s, got %q", kindList(), part)
		case err != nil || w < 0:
			return nil, fmt.Errorf("expected a weight of 0 or more for %s, got %q", k, val)
		}
		m[k] = w
	}
	if m.total() == 0 {
		return nil, errors.New("expected at least one kind with a weight above 0, got all 0")
	}
	return m, nil
}

func (m Mix) total() int {
	t := 0
	for _, k := range Kinds {
		t += m[k]
	}
	return t
}

// String is the mix as ParseMix reads it, in Kinds order.
func (m Mix) String() string {
	parts := make([]string, 0, len(Kinds))
	for _, k := range Kinds {
		parts = append(parts, fmt.Sprintf("%s=%d", k, m[k]))
	}
	return strings.Join(parts, ",")
}

func kindList() string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// Validate checks the figures; each message names its flag.
func (c Config) Validate() error {
	switch {
	case c.BaseURL == "":
		return errors.New("expected a tenant base URL, got none")
	case c.Users < 1:
		return fmt.Errorf("--users: expected at least 1, got %d", c.Users)
	case c.Groups < 0:
		return fmt.Errorf("--groups: expected 0 or more, got %d", c.Groups)
	case c.Events < 0:
		return fmt.Errorf("--events: expected 0 or more, got %d", c.Events)
	case c.Duration < 0:
		return fmt.Errorf("--duration: expected 0 or more, got %s", c.Duration)
	case c.Events > 0 && c.Duration > 0:
		return errors.New("--events, --duration: expected one of them, got both")
	case c.Rate < 0 || math.IsInf(c.Rate, 0) || math.IsNaN(c.Rate):
		return fmt.Errorf("--rate: expected events per second of 0 (unpaced) or more, got %g", c.Rate)
	case c.Slices < 0:
		return fmt.Errorf("--slices: expected 1 or more, got %d", c.Slices)
	case c.Shard.Count > c.slices():
		return fmt.Errorf("--shard: expected at most %d shards (one per slice, see --slices), got %d", c.slices(), c.Shard.Count)
	case c.Concurrency < 0:
		return fmt.Errorf("--concurrency: expected 0 (default) or more, got %d", c.Concurrency)
	case c.Settle < 0:
		return fmt.Errorf("--settle: expected 0 or more, got %s", c.Settle)
	case c.Mix != nil && c.Mix.total() == 0:
		return errors.New("--mix: expected at least one kind with a weight above 0")
	}
	return nil
}

func (c Config) slices() int {
	if c.Slices > 0 {
		return c.Slices
	}
	return DefaultSlices
}

func (c Config) workers() int {
	if c.Concurrency > 0 {
		return c.Concurrency
	}
	return DefaultConcurrency
}

// share splits total over n slices: slice s gets total/n, plus one for the
// first total%n slices, so the slices add up to total exactly.
func share(total, n, s int) int {
	out := total / n
	if s < total%n {
		out++
	}
	return out
}

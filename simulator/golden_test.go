package simulator

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite fixtures/dialects golden files from what the simulator sends")

// goldenSeed fixes the directory, so the golden requests never change
// unless a dialect does.
const goldenSeed = 20260101

const goldenDir = "../fixtures/dialects"

// goldenHeaders are the headers that matter to a target; Host,
// Content-Length and Accept-Encoding are transport noise.
var goldenHeaders = []string{"Accept", "Accept-Charset", "Authorization", "Content-Type", "User-Agent"}

// goldenRequest is one request as stored in fixtures/dialects/<name>/<flow>.json.
type goldenRequest struct {
	Method  string            `json:"method"`
	Path    string            `json:"path"`
	Headers map[string]string `json:"headers"`
	Body    json.RawMessage   `json:"body,omitempty"`
}

type goldenFile struct {
	Dialect  string          `json:"dialect"`
	Flow     string          `json:"flow"`
	Seed     int64           `json:"seed"`
	Requests []goldenRequest `json:"requests"`
}

// goldenFlows runs every flow in order against one fake target, so later
// flows (rename, members) find what earlier ones created.
var goldenFlows = []struct {
	name string
	run  func(ctx context.Context, w *goldenWorld) error
}{
	{"test-connection", func(ctx context.Context, w *goldenWorld) error { _, err := w.idp.TestConnection(ctx); return err }},
	{"provision", func(ctx context.Context, w *goldenWorld) error { _, err := w.idp.Provision(ctx, w.u); return err }},
	{"update", func(ctx context.Context, w *goldenWorld) error {
		_, err := w.idp.Update(ctx, w.u, w.dir.NewChanges(w.u))
		return err
	}},
	{"deactivate", func(ctx context.Context, w *goldenWorld) error { _, err := w.idp.Deactivate(ctx, w.u); return err }},
	{"remove", func(ctx context.Context, w *goldenWorld) error { _, err := w.idp.Remove(ctx, w.u); return err }},
	{"reactivate", func(ctx context.Context, w *goldenWorld) error { _, err := w.idp.Reactivate(ctx, w.u); return err }},
	{"group-create", func(ctx context.Context, w *goldenWorld) error { _, err := w.idp.CreateGroup(ctx, w.g); return err }},
	{"group-rename", func(ctx context.Context, w *goldenWorld) error {
		_, err := w.idp.RenameGroup(ctx, w.g, w.g.DisplayName+" Renamed")
		return err
	}},
	{"add-member", func(ctx context.Context, w *goldenWorld) error { _, err := w.idp.AddMembers(ctx, w.g, w.u); return err }},
	{"remove-member", func(ctx context.Context, w *goldenWorld) error {
		_, err := w.idp.RemoveMembers(ctx, w.g, w.u)
		return err
	}},
	{"group-delete", func(ctx context.Context, w *goldenWorld) error { _, err := w.idp.DeleteGroup(ctx, w.g); return err }},
}

type goldenWorld struct {
	idp *IdP
	dir *Directory
	u   *User
	g   *Group
}

// TestGolden compares, byte for byte, what each dialect sends per flow
// with fixtures/dialects/<name>/<flow>.json. Regenerate with
// `go test ./simulator -run TestGolden -update` and review the diff.
func TestGolden(t *testing.T) {
	profile, err := DefaultProfile()
	require.NoError(t, err)
	for _, d := range Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			ctx := context.Background()
			fake := newFakeSCIM(t)
			dir := NewDirectory(goldenSeed)
			client := NewClient(ClientConfig{BaseURL: fake.URL(), Token: "cnt_pt_goldenTokenNotASecret0123456789abcdefgh"})
			w := &goldenWorld{idp: NewIdP(client, d, profile, dir), dir: dir, u: dir.NewUser(), g: dir.NewGroup()}
			// A second member known when the group is created, so dialects
			// that create groups with members (JumpCloud) show it.
			other := dir.NewUser()
			_, err := w.idp.Provision(ctx, other)
			require.NoError(t, err)
			w.g.Members = []*User{other}
			for _, flow := range goldenFlows {
				mark := fake.mark()
				require.NoError(t, flow.run(ctx, w), "flow %s", flow.name)
				got := goldenBytes(t, d.Name, flow.name, fake.since(mark))
				file := filepath.Join(goldenDir, d.Name, flow.name+".json")
				if *update {
					require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o755))
					require.NoError(t, os.WriteFile(file, got, 0o644))
					continue
				}
				want, err := os.ReadFile(file)
				require.NoError(t, err, "golden file missing; run go test ./simulator -run TestGolden -update")
				assert.Equal(t, string(want), string(got), "%s/%s differs from its golden file", d.Name, flow.name)
			}
		})
	}
}

func goldenBytes(t *testing.T, dialect, flow string, reqs []recordedRequest) []byte {
	t.Helper()
	g := goldenFile{Dialect: dialect, Flow: flow, Seed: goldenSeed, Requests: []goldenRequest{}}
	for _, r := range reqs {
		gr := goldenRequest{Method: r.Method, Path: r.Path, Headers: map[string]string{}}
		for _, h := range goldenHeaders {
			if v, ok := r.Header[h]; ok {
				gr.Headers[h] = (&Masker{}).MaskHeaderValue(h, v[0])
			}
		}
		if len(r.Body) > 0 {
			// The golden file pretty-prints the body; requiring the wire
			// bytes to be compact JSON keeps the comparison byte-exact.
			var compact bytes.Buffer
			require.NoError(t, json.Compact(&compact, r.Body))
			require.Equal(t, compact.String(), string(r.Body), "%s/%s sent a body that is not compact JSON", dialect, flow)
			gr.Body = r.Body
		}
		g.Requests = append(g.Requests, gr)
	}
	out, err := json.MarshalIndent(g, "", "  ")
	require.NoError(t, err)
	return append(out, '\n')
}

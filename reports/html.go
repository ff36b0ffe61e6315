package reports

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// HTMLFile is the report a person opens in a browser.
const HTMLFile = "report.html"

// HTMLBudget is the size a full run's report.html stays under: passed
// scenarios' bodies are shortened step by step until it fits. Failed and
// errored scenarios keep theirs up to failedBodyLimit.
const HTMLBudget = 3_000_000

var (
	//go:embed html_report.tmpl
	htmlTemplateText string
	//go:embed html_report.css
	htmlCSS string
	//go:embed html_report.js
	htmlJS string

	htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
		"lower": strings.ToLower,
		"ticks": ticks,
		"ms":    func(d time.Duration) string { return d.Round(time.Millisecond).String() },
	}).Parse(htmlTemplateText))
)

// Body limits, in bytes, of the transcript shown per body. The HAR export
// always holds every body whole.
const failedBodyLimit = 64 << 10

// detail is how much of an exchange the report shows: bodies up to body
// bytes (-1: the exchange is left out) and, with curl, the curl command.
type detail struct {
	body int
	curl bool
}

// failedDetail is what failed and errored scenarios always show.
var failedDetail = detail{failedBodyLimit, true}

// otherDetails are tried in turn for scenarios that did not fail until the
// report fits HTMLBudget (the HAR holds everything whatever the level):
// their curl commands go before their bodies shrink further.
var otherDetails = []detail{{8 << 10, true}, {2 << 10, true}, {2 << 10, false}, {1 << 10, false}, {512, false}, {256, false}, {0, false}, {-1, false}}

// WriteHTML writes the self-contained HTML report: verdict, the IdP
// mapping check when the run had one, capabilities,
// failures grouped by cause, each scenario's steps, requirement and whole
// transcript with a curl command per exchange, the IdP dialect matrix and
// the other scenarios by feature. No network is needed to read it.
func WriteHTML(w io.Writer, r Run) error {
	var buf bytes.Buffer
	levels := otherDetails
	// skip the levels that cannot fit without rendering them (a big run
	// renders tens of megabytes at the first one)
	for len(levels) > 1 && estimateOthers(r, levels[0]) > HTMLBudget {
		levels = levels[1:]
	}
	for i, level := range levels {
		buf.Reset()
		if err := htmlTemplate.Execute(&buf, newHTMLPage(r, level)); err != nil {
			return fmt.Errorf("render %s: %w", HTMLFile, err)
		}
		if buf.Len() <= HTMLBudget || i == len(levels)-1 {
			break
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// estimateOthers is a lower bound of what the exchanges of scenarios that
// did not fail add to the page at level d: the request body shows twice
// with a curl command, markup and headers only add.
func estimateOthers(r Run, d detail) int {
	if d.body < 0 {
		return 0
	}
	limit := d.body
	n := 0
	for _, s := range r.Scenarios {
		if s.Status.IsFailure() || s.Status == Errored {
			continue
		}
		for _, ex := range s.Exchanges {
			n += min(len(ex.RequestBody), limit) + min(len(ex.ResponseBody), limit) + 2*len(ex.URL)
			if d.curl {
				n += min(len(ex.RequestBody), limit) + len(ex.URL)
			}
		}
	}
	return n
}

type htmlPage struct {
	Run        Run
	Mapping    *htmlMapping // the IdP mapping check of `run --mapping`; nil = none
	Verdict    string
	Headline   string
	Replay     string
	Dialects   []string
	Tally      []statusCount
	Sections   []htmlSection // unexpected failures by cause
	Deviations []htmlSection // failures the expectations file names
	Errors     []htmlSection // errored scenarios by cause
	Features   []htmlFeature // every other scenario
	Matrix     *htmlMatrix
	Tags       []string
	FeatureSel []htmlFeatureOption
	BodyNote   string
	CSS        template.CSS
	JS         template.JS
}

// htmlFeatureOption is one feature in the filter: scenarios carry the
// file, people read the title.
type htmlFeatureOption struct{ URI, Name string }

type statusCount struct {
	Status string
	Count  int
}

type htmlSection struct {
	Promise, Title, Level string
	Count                 int
	Causes                []htmlCause
}

type htmlCause struct {
	Heading   string
	Step      string
	Promises  []TagCount
	Scenarios []htmlScenario
}

type htmlFeature struct {
	Name, URI string
	Counts    []statusCount
	Scenarios []htmlScenario
}

type htmlScenario struct {
	Scenario
	Anchor     string
	DialectTag string
	TagAttr    string
	Steps      []htmlStep
	Hooks      []htmlExchange // set-up and cleanup exchanges (no step)
	Detail     string         // the rest of the failure message, when no exchange shows it
	LeftOut    int            // exchanges left out to fit the budget
}

type htmlStep struct {
	Step
	Exchanges []htmlExchange
}

type htmlExchange struct {
	Exchange
	ID         string
	Short      string // the URL without what every exchange of the run shares
	StatusText string
	// the transcript and the curl command, escaped for element content:
	// html/template would also escape every quote of a JSON body (&#34;),
	// a third of a full run's report
	ReqText, RespText, Curl template.HTML
}

type htmlMatrix struct {
	Dialects []string
	Rows     []htmlMatrixRow
}

type htmlMatrixRow struct {
	Name  string
	Cells []htmlMatrixCell
}

type htmlMatrixCell struct {
	Status, Anchor string
}

func newHTMLPage(r Run, other detail) htmlPage {
	p := htmlPage{
		Run: r, Verdict: string(r.Verdict()), CSS: template.CSS(htmlCSS), JS: template.JS(htmlJS),
		Replay: replayCommand(r), Mapping: newHTMLMapping(r.Mapping),
	}
	p.Tally = statusTally(r.Scenarios)
	p.Headline = headline(r)
	b := &scenarioBuilder{}
	p.Sections = b.sections(r.FailureCauses(), failedDetail)
	p.Deviations = b.sections(r.ExpectedCauses(), failedDetail)
	p.Errors = b.sections(r.ErrorCauses(), failedDetail)
	p.Features = b.features(r.Scenarios, other)
	p.Matrix = dialectMatrix(r.Scenarios)
	tags, dialects := map[string]bool{}, map[string]bool{}
	feats := map[string]string{}
	for _, s := range r.Scenarios {
		for _, t := range s.Tags {
			tags[t] = true
		}
		feats[s.URI] = s.Feature
		if d := scenarioDialect(s); d != "" {
			dialects[d] = true
		}
	}
	p.Tags, p.Dialects = sortedKeys(tags), sortedKeys(dialects)
	for uri, name := range feats {
		p.FeatureSel = append(p.FeatureSel, htmlFeatureOption{URI: uri, Name: name})
	}
	sort.Slice(p.FeatureSel, func(i, j int) bool { return p.FeatureSel[i].Name < p.FeatureSel[j].Name })
	var notes []string
	switch {
	case other.body < 0:
		notes = append(notes, "the exchanges of scenarios that did not fail are left out")
	case b.cut && other.body < failedBodyLimit:
		notes = append(notes, fmt.Sprintf("bodies of scenarios that did not fail are shortened to %d bytes", other.body))
	}
	if !other.curl && other.body >= 0 {
		notes = append(notes, "curl commands are given for failed scenarios only")
	}
	if len(notes) > 0 {
		p.BodyNote = "To stay under 3 MB, " + strings.Join(notes, " and ") + " here; exchanges.har holds every exchange whole (it opens in browser devtools and imports into Postman)."
	}
	return p
}

// headline is the banner's sentence.
func headline(r Run) string {
	c := r.Counts()
	known := ""
	if c.Expected > 0 {
		known = fmt.Sprintf("; %d known deviations the expectations file names", c.Expected)
	}
	switch r.Verdict() {
	case VerdictFailure:
		return fmt.Sprintf("Failure: %d of %d scenarios failed%s", c.Unexpected(), c.Total, known)
	case VerdictError:
		return fmt.Sprintf("Error: %d of %d scenarios could not be judged (transport errors, timeouts or a harness bug); this is no verdict on the target", c.Errored, c.Total)
	case VerdictPartial:
		return fmt.Sprintf("Partial: nothing failed unexpectedly, but %d of %d scenarios could not run against this target%s", c.Skipped, c.Total, known)
	case VerdictSuccess:
		return fmt.Sprintf("Success: all %d scenarios that apply to this target passed", c.Passed)
	}
	if r.NotStarted != "" {
		return "The run could not start: " + r.NotStarted
	}
	return "No scenario ran"
}

func replayCommand(r Run) string {
	cmd := fmt.Sprintf("scimharness run --seed %d", r.Seed)
	if r.Tags != "" {
		cmd += " --tags " + shellQuote(r.Tags)
	}
	return cmd
}

func statusTally(ss []Scenario) []statusCount {
	order := []Status{Passed, Failed, Errored, Skipped, NotApplicable, Undefined, Pending, Ambiguous}
	counts := map[Status]int{}
	for _, s := range ss {
		counts[s.Status]++
	}
	var out []statusCount
	for _, st := range order {
		if counts[st] > 0 {
			out = append(out, statusCount{string(st), counts[st]})
		}
	}
	return out
}

// scenarioBuilder turns scenarios into their HTML view, numbering
// exchanges so each curl command has its own element id.
type scenarioBuilder struct {
	exchanges int
	cut       bool // a body was shortened
}

func (b *scenarioBuilder) sections(secs []CauseSection, d detail) []htmlSection {
	out := make([]htmlSection, 0, len(secs))
	for _, sec := range secs {
		hs := htmlSection{Promise: sec.Promise, Title: sec.Title, Level: sec.Level, Count: sec.Count()}
		if sec.Promise == idpSection {
			hs.Promise, hs.Title = "IdP dialects", "seen only in IdP dialect scenarios"
		}
		for _, c := range sec.Causes {
			hc := htmlCause{Heading: c.Signature, Step: c.Step, Promises: c.Promises}
			for _, s := range c.Scenarios {
				hc.Scenarios = append(hc.Scenarios, b.scenario(s, d))
			}
			hs.Causes = append(hs.Causes, hc)
		}
		out = append(out, hs)
	}
	return out
}

// features lists the scenarios that neither failed nor errored, by feature.
func (b *scenarioBuilder) features(ss []Scenario, d detail) []htmlFeature {
	var out []htmlFeature
	index := map[string]int{}
	for _, s := range ss {
		if s.Status.IsFailure() || s.Status == Errored {
			continue
		}
		i, ok := index[s.URI]
		if !ok {
			i = len(out)
			index[s.URI] = i
			out = append(out, htmlFeature{Name: s.Feature, URI: s.URI})
		}
		out[i].Scenarios = append(out[i].Scenarios, b.scenario(s, d))
	}
	for i := range out {
		var ss []Scenario
		for _, hs := range out[i].Scenarios {
			ss = append(ss, hs.Scenario)
		}
		out[i].Counts = statusTally(ss)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].URI < out[j].URI })
	return out
}

func (b *scenarioBuilder) scenario(s Scenario, d detail) htmlScenario {
	hs := htmlScenario{
		Scenario: s, Anchor: scenarioAnchor(s), DialectTag: scenarioDialect(s),
		TagAttr: " " + strings.Join(s.Tags, " ") + " ",
	}
	for _, st := range s.Steps {
		if len(s.Exchanges) > 0 {
			// the exchanges show below the step: its message needs no copy of them
			st.Error = firstLine(st.Error)
		}
		hs.Steps = append(hs.Steps, htmlStep{Step: st})
	}
	if d.body < 0 {
		hs.LeftOut = len(s.Exchanges)
	} else {
		for _, ex := range s.Exchanges {
			hx := b.exchange(ex, d)
			if ex.Step >= 0 && ex.Step < len(hs.Steps) {
				hs.Steps[ex.Step].Exchanges = append(hs.Steps[ex.Step].Exchanges, hx)
			} else {
				hs.Hooks = append(hs.Hooks, hx)
			}
		}
	}
	// the step's own message carries the transcript godog printed; once
	// the exchanges are shown, only a message without them needs its rest
	if len(s.Exchanges) == 0 {
		if _, rest, ok := strings.Cut(strings.TrimSpace(s.Failure), "\n"); ok {
			hs.Detail = strings.TrimSpace(rest)
		}
	}
	return hs
}

func (b *scenarioBuilder) exchange(ex Exchange, d detail) htmlExchange {
	limit := d.body
	b.exchanges++
	req, reqCut := shorten(ex.RequestBody, limit)
	resp, respCut := shorten(ex.ResponseBody, limit)
	b.cut = b.cut || reqCut || respCut
	hx := htmlExchange{Exchange: ex, ID: fmt.Sprintf("x%d", b.exchanges), Short: shortURL(ex.URL), StatusText: http.StatusText(ex.Status)}
	hx.ReqText = preText(transcript(ex.Method+" "+ex.URL, ex.RequestHeaders, req))
	hx.RespText = preText(transcript(fmt.Sprintf("%d %s", ex.Status, hx.StatusText), ex.ResponseHeaders, resp))
	if d.curl {
		hx.Curl = preText(Curl(ex, reqCut))
	}
	return hx
}

// shortURL drops from u what the run's exchanges share, the host and the
// tenant's base, so the summary line says what was asked: "/Users/…id",
// "admin /accounts?userName=…". The transcript keeps the whole URL.
func shortURL(u string) string {
	parsed, err := url.Parse(u)
	if err != nil || parsed.Host == "" {
		return u
	}
	rest := parsed.EscapedPath()
	if parsed.RawQuery != "" {
		rest += "?" + parsed.RawQuery
	}
	for _, base := range []struct{ marker, label string }{{"/scim/v2/", ""}, {"/admin/v1/tenants/", "admin "}} {
		if i := strings.Index(rest, base.marker); i >= 0 {
			tail := rest[i+len(base.marker):]
			if j := strings.Index(tail, "/"); j >= 0 {
				return base.label + tail[j:]
			}
		}
	}
	return rest
}

// transcript is one side of an exchange as HTTP/1.1 writes it.
func transcript(first string, headers []Header, body string) string {
	var b strings.Builder
	b.WriteString(first + "\n")
	for _, h := range headers {
		b.WriteString(h.Name + ": " + h.Value + "\n")
	}
	if body != "" {
		b.WriteString("\n" + body)
	}
	return b.String()
}

// textEscaper escapes what element content needs escaped, and no more.
var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// preText is s, escaped, for the content of a <pre>: never inside an
// attribute, a script or a style, where more would need escaping.
func preText(s string) template.HTML { return template.HTML(textEscaper.Replace(s)) }

// shorten cuts body to limit bytes (at a rune boundary) with a note
// saying how much was left out and where to find it.
func shorten(body string, limit int) (string, bool) {
	if len(body) <= limit {
		return body, false
	}
	cut := limit
	for cut > 0 && cut < len(body) && body[cut]&0xC0 == 0x80 {
		cut--
	}
	return fmt.Sprintf("%s\n… %d more bytes left out here; exchanges.har holds the whole body", body[:cut], len(body)-cut), true
}

// scenarioAnchor is the element id of a scenario, from its stable id, or
// its place in the feature file when the run did not record one.
func scenarioAnchor(s Scenario) string {
	id := s.ID
	if id == "" {
		id = fmt.Sprintf("%s:%d", s.URI, s.Line)
	}
	// only URL-safe characters, so a link to it needs no escaping
	return "s-" + strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '~':
			return r
		}
		return '_'
	}, id)
}

// scenarioDialect is the IdP dialect the scenario spoke: recorded, or
// read from its @idp- tag.
func scenarioDialect(s Scenario) string {
	if s.Dialect != "" {
		return s.Dialect
	}
	for _, t := range s.Tags {
		if d, ok := strings.CutPrefix(t, "@idp-"); ok {
			return d
		}
	}
	return ""
}

// dialectMatrix lays the idp/ scenarios out as rows (the behaviour) by
// columns (the dialect), or nil when the run had none.
func dialectMatrix(ss []Scenario) *htmlMatrix {
	m := &htmlMatrix{}
	colIdx, rowIdx := map[string]int{}, map[string]int{}
	type cell struct {
		row, col int
		s        Scenario
	}
	var cells []cell
	for _, s := range ss {
		if !strings.HasPrefix(strings.TrimPrefix(s.URI, "/"), "idp/") {
			continue
		}
		d := scenarioDialect(s)
		if d == "" {
			continue
		}
		name := strings.TrimPrefix(s.Name, d+": ")
		c, ok := colIdx[d]
		if !ok {
			c = len(m.Dialects)
			colIdx[d] = c
			m.Dialects = append(m.Dialects, d)
		}
		r, ok := rowIdx[name]
		if !ok {
			r = len(m.Rows)
			rowIdx[name] = r
			m.Rows = append(m.Rows, htmlMatrixRow{Name: name})
		}
		cells = append(cells, cell{r, c, s})
	}
	if len(m.Rows) == 0 {
		return nil
	}
	for i := range m.Rows {
		m.Rows[i].Cells = make([]htmlMatrixCell, len(m.Dialects))
	}
	for _, c := range cells {
		m.Rows[c.row].Cells[c.col] = htmlMatrixCell{Status: string(c.s.Status), Anchor: scenarioAnchor(c.s)}
	}
	return m
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

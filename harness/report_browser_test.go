package harness

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/sandbox"
)

// chromiumPath is where the Debian package "chromium" puts the browser.
const chromiumPath = "/usr/bin/chromium"

// TestReportInABrowser opens the report of a failing run (the sandbox
// erases accounts on DELETE) in headless Chromium, as a QA lead would:
// the banner says failure, the defect is one cause heading with its count,
// opening a scenario from the keyboard shows the DELETE that caused it, the
// status filter hides passed scenarios, and the page makes no network
// request and logs no console error. UPDATE_SCREENSHOT=1 writes the
// screenshot the README shows.
func TestReportInABrowser(t *testing.T) {
	browser := chromiumPath
	if _, err := os.Stat(browser); err != nil {
		if browser, err = exec.LookPath("chromium"); err != nil {
			t.Skip("chromium is not installed (Debian package chromium: apt-get install -y chromium; .ci/run installs it)")
		}
	}
	if testing.Short() {
		t.Skip("starts a browser")
	}

	out := t.TempDir()
	var console strings.Builder
	outcome, err := Run(context.Background(), Config{
		Tags: "@contract-removal,@contract-reactivation", Faults: []sandbox.Fault{sandbox.FaultEraseOnDelete}, Seed: 5,
		OutDir: out, Formats: []string{FormatNone, FormatHTML, FormatHAR}, Stdout: &console,
	})
	require.NoError(t, err, console.String())
	require.Equal(t, ExitFailed, outcome.ExitCode, console.String())
	causes := outcome.Run.FailureCauses()
	require.Len(t, causes, 1, "one fault, one section")
	require.Len(t, causes[0].Causes, 1, "one fault, one cause")
	failed := len(outcome.Run.Failures())
	require.GreaterOrEqual(t, failed, 2)

	har, err := os.ReadFile(filepath.Join(out, reports.HARFile))
	require.NoError(t, err)
	require.NoError(t, reports.CheckHAR(har), "a real run's HAR")

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(browser), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 1000),
	)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()

	var mu sync.Mutex
	var requests, problems []string
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if !strings.HasPrefix(ev.Request.URL, "file://") && !strings.HasPrefix(ev.Request.URL, "data:") {
				requests = append(requests, ev.Request.URL)
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				problems = append(problems, fmt.Sprintf("console.%s", ev.Type))
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+ev.ExceptionDetails.Text)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				problems = append(problems, "log: "+ev.Entry.Text)
			}
		}
	}))

	step, stepCancel := context.WithTimeout(ctx, 60*time.Second)
	defer stepCancel()
	page := "file://" + filepath.Join(out, reports.HTMLFile)
	require.NoError(t, chromedp.Do(step, chromedp.Navigate(page), chromedp.WaitReady("#verdict")))

	banner, err := chromedp.Run(step, chromedp.Text("#verdict"))
	require.NoError(t, err)
	assert.Contains(t, banner, "Failure")

	headings, err := chromedp.Run(step, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#causes .cause > summary')].map(s => s.innerText)`))
	require.NoError(t, err)
	require.Len(t, headings, 1, "one cause heading for the fault")
	assert.Contains(t, headings[0], fmt.Sprintf("— %d scenarios", failed))

	// open the first failed scenario from the keyboard; its steps show the
	// DELETE the IdP sent, under the step that sent it
	first := `#causes .scenario > summary`
	require.NoError(t, chromedp.Do(step, chromedp.Focus(first), chromedp.KeyEvent(kb.Enter)))
	open, err := chromedp.Run(step, chromedp.Evaluate[bool](`document.querySelector('#causes .scenario').open`))
	require.NoError(t, err)
	require.True(t, open, "Enter on a focused scenario opens it")
	text, err := chromedp.Run(step, chromedp.Evaluate[string](`document.querySelector('#causes .scenario').innerText`))
	require.NoError(t, err)
	assert.Regexp(t, `(?s)the IdP (removes|has removed) "alice".*DELETE /Users/\S+ → 204`, text)

	// a cell of the dialect matrix leads to its scenario, opened wherever it sits
	require.NoError(t, chromedp.Do(step, chromedp.Click(`#matrix td a`)))
	// the page opens it on hashchange, a task after the click: wait for it
	reached, err := chromedp.Run(step, chromedp.Evaluate[bool](`new Promise(done => {
		const opened = () => {
			const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
			return !!el && el.classList.contains('scenario') && el.open && !el.parentElement.closest('details:not([open])');
		};
		const start = Date.now();
		(function check() {
			if (opened()) { done(true); } else if (Date.now() - start > 5000) { done(false); } else { setTimeout(check, 20); }
		})();
	})`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	assert.True(t, reached, "the matrix link opens its scenario")

	if os.Getenv("UPDATE_SCREENSHOT") == "1" {
		// the banner, the cause and the opened scenario with its DELETE in one view
		_, err := chromedp.Run(step, chromedp.Evaluate[bool](`(() => {
			document.querySelector('details.caps').open = false;
			const ex = [...document.querySelectorAll('#causes .scenario .exchange')].find(d => d.innerText.startsWith('DELETE'));
			if (ex) { ex.open = true; }
			window.scrollTo(0, 0); return true })()`))
		require.NoError(t, err)
		require.NoError(t, chromedp.Do(step, chromedp.EmulateViewport(1280, 1500)))
		shot, err := chromedp.Run(step, chromedp.CaptureScreenshot())
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join("..", "docs", "report-screenshot.png"), shot, 0o644))
	}

	// shown by the filters: neither it nor a group around it is hidden
	countVisible := `[...document.querySelectorAll('.scenario[data-status="%s"]')].filter(e => !e.closest('[hidden]')).length`
	passedBefore, err := chromedp.Run(step, chromedp.Evaluate[int](fmt.Sprintf(countVisible, "passed")))
	require.NoError(t, err)
	require.Positive(t, passedBefore)
	require.NoError(t, chromedp.Do(step, chromedp.Click(`input[name=status][value=passed]`)))
	passedAfter, err := chromedp.Run(step, chromedp.Evaluate[int](fmt.Sprintf(countVisible, "passed")))
	require.NoError(t, err)
	failedAfter, err := chromedp.Run(step, chromedp.Evaluate[int](fmt.Sprintf(countVisible, "failed")))
	require.NoError(t, err)
	assert.Zero(t, passedAfter, "the status filter hides passed scenarios")
	assert.Equal(t, failed, failedAfter, "and keeps the failed ones")

	mu.Lock()
	defer mu.Unlock()
	assert.Empty(t, requests, "the report makes no network request")
	assert.Empty(t, problems, "the report logs no console error")
}

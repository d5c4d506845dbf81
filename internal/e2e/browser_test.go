package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// testTimeout bounds one journey, browser start included. The journeys run
// in parallel, so a journey shares the CPUs with others (and, in CI, with the
// other database's suite): the longest took 30 s alone and 80 s so on two
// cores. A page that never comes still fails after stepTimeout.
const testTimeout = 3 * time.Minute

// stepTimeout bounds one navigation or query, so that a page that never
// comes fails with the step that waited for it.
const stepTimeout = 15 * time.Second

// chromiumPath finds the browser: CHROMIUM_PATH, /usr/bin/chromium, then
// chromium on PATH. Without one the test is skipped, or fails when
// REQUIRE_BROWSER=1 (CI), so that browser tests cannot vanish unnoticed.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		if _, err := exec.LookPath(p); err != nil {
			t.Fatalf("CHROMIUM_PATH=%s is not an executable: %v", p, err)
		}
		return p
	}
	if _, err := exec.LookPath("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	msg := "no Chromium found (CHROMIUM_PATH unset, no /usr/bin/chromium, no chromium on PATH)"
	if os.Getenv("REQUIRE_BROWSER") == "1" {
		t.Fatal(msg + "; REQUIRE_BROWSER=1 forbids skipping the browser tests")
	}
	t.Skip(msg + "; install it (apt-get install chromium) or set CHROMIUM_PATH to run the browser tests")
	return ""
}

// newBrowser starts a headless Chromium of its own for t, with a fresh
// profile, and returns the context of its one tab. The context ends after
// testTimeout; everything is closed in t.Cleanup. Uncaught exceptions and
// Content-Security-Policy violations in the pages fail the test.
func newBrowser(t *testing.T) (context.Context, *consoleLog) {
	t.Helper()
	return newBrowserWithin(t, testTimeout)
}

// newBrowserWithin is newBrowser with a context that ends after timeout, for
// tests that visit many pages.
func newBrowserWithin(t *testing.T, timeout time.Duration) (context.Context, *consoleLog) {
	t.Helper()
	exe := chromiumPath(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless, // also hide-scrollbars and mute-audio
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("force-color-profile", "srgb"),
		// The pages are Dutch unless the browser asks for English.
		chromedp.Flag("lang", "nl-NL"),
		chromedp.Flag("accept-lang", "nl-NL,nl"),
		chromedp.WindowSize(1280, 900),
		chromedp.UserDataDir(t.TempDir()),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(tabCtx, timeout)
	// The first Do starts the browser and ties it to ctx.
	if err := chromedp.Do(ctx); err != nil {
		cancelTimeout()
		cancelTab()
		cancelAlloc()
		t.Fatalf("start %s: %v", exe, err)
	}
	console := watchConsole(ctx)
	t.Cleanup(func() {
		cancelTimeout()
		cancelTab()
		cancelAlloc() // waits for the browser to exit, before TempDir is removed
		for _, m := range console.problems() {
			t.Errorf("browser console: %s", m)
		}
	})
	return ctx, console
}

// consoleLog keeps what the pages wrote to the console that points at a bug.
type consoleLog struct {
	mu   sync.Mutex
	seen []string
}

func watchConsole(ctx context.Context) *consoleLog {
	l := &consoleLog{}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			// Exceptions are bugs; so is anything the Content-Security-Policy
			// refused (an inline script or style). A 4xx answer of a page is
			// also logged, as a network error: that is expected here.
			if m.IsException() || m.Source == "security" || strings.Contains(m.Text, "Content Security Policy") {
				l.mu.Lock()
				l.seen = append(l.seen, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line+1))
				l.mu.Unlock()
			}
		}
	}()
	return l
}

func (l *consoleLog) problems() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.seen...)
}

// take returns the problems seen so far and forgets them.
func (l *consoleLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	seen := l.seen
	l.seen = nil
	return seen
}

// screenshot writes a full-page PNG of the tab to SCREENSHOT_DIR as
// <top-level test>-<name>.png; without SCREENSHOT_DIR it writes nothing.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 means PNG
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Errorf("screenshot dir: %v", err)
		return
	}
	test, _, _ := strings.Cut(t.Name(), "/")
	file := filepath.Join(dir, fileName(test)+"-"+fileName(name)+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Errorf("screenshot %s: %v", name, err)
	}
}

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func fileName(s string) string { return unsafeFileChars.ReplaceAllString(s, "_") }

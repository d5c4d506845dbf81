package e2e

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"casusoverleg/internal/dbtest"
	"casusoverleg/internal/web"
)

// TestHarnessFindsFaults proves that the harness's checks work under the
// server's own Content-Security-Policy: axe-core, injected through the
// DevTools protocol, runs in a page served with that policy and reports the
// accessibility faults planted in it, and the console watch reports the
// inline script that the policy refuses.
func TestHarnessFindsFaults(t *testing.T) {
	t.Parallel()
	srv, err := web.New(web.Config{Now: time.Now}, dbtest.Open(t))
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/login", nil))
	csp := rec.Header().Get("Content-Security-Policy")
	if csp == "" {
		t.Fatal("the server sends no Content-Security-Policy")
	}
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><html><head><title>fout</title></head><body><main>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">
<input type="text" name="naamloos">
<script>document.title = "inline";</script>
</main></body></html>`))
	}))
	t.Cleanup(bad.Close)

	b := openTab(t, bad.URL)
	b.open("/")
	_, violations, err := runAxe(b.ctx)
	if err != nil {
		t.Fatalf("axe under CSP %q: %v", csp, err)
	}
	var ids []string
	for _, v := range violations {
		ids = append(ids, v.ID)
	}
	for _, want := range []string{"html-has-lang", "image-alt", "label"} {
		if !slices.Contains(ids, want) {
			t.Errorf("axe found %v, want %s among them", ids, want)
		}
	}

	// The refused inline script reaches the console watch (and would fail a
	// journey); take it so that it does not fail this test.
	var seen []string
	for deadline := time.Now().Add(5 * time.Second); len(seen) == 0 && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		seen = b.console.take()
	}
	t.Logf("console watch saw: %q", seen)
	if len(seen) == 0 || !strings.Contains(strings.Join(seen, "\n"), "Content Security Policy") {
		t.Errorf("console watch saw %q, want the CSP refusal of the inline script", seen)
	}
}

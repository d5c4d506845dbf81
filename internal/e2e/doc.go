// Package e2e holds the browser tests: each user journey runs in headless
// Chromium, driven from Go with chromedp, against the real server (web.New
// over a fresh migrated database, served on a random local port).
//
// Every page a journey visits is checked with axe-core (WCAG 2 A and AA,
// vendored under testdata/axe) and can be saved as a screenshot.
//
// The tests run in parallel (t.Parallel, go test's -parallel, by default the
// number of CPUs): each starts its own server on its own database and port,
// and its own Chromium with its own profile, and the package keeps no state
// between tests. Most of a journey's time is spent waiting on the browser,
// so this roughly halves the package's time on two cores.
//
// Environment:
//
//	CHROMIUM_PATH    the browser to run; default /usr/bin/chromium, then chromium on PATH
//	REQUIRE_BROWSER  1 makes a missing browser fail the tests instead of skipping them (CI)
//	SCREENSHOT_DIR   where to write a full-page PNG of each key step; unset writes none
//	TEST_DATABASE_URL  run on PostgreSQL instead of SQLite, as every other test
//
// The package has no code outside its tests.
package e2e

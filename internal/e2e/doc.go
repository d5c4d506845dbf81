// Package e2e holds the browser tests: each user journey runs in headless
// Chromium, driven from Go with chromedp, against the real server (web.New
// over a fresh migrated database, served on a random local port).
//
// Every page a journey visits is checked with axe-core (WCAG 2 A and AA,
// vendored under testdata/axe) and can be saved as a screenshot.
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

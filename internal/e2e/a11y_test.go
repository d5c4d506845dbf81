package e2e

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core 4.14.1 (npm package axe-core, MPL-2.0; the licence is
// testdata/axe/LICENSE).
//
//go:embed testdata/axe/axe.min.js
var axeSource string

// axeRun checks the page against WCAG 2.0/2.1 level A and AA and returns the
// violations, each with its first offending node.
const axeRun = `axe.run(document, {
	runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']},
	resultTypes: ['violations'],
}).then(r => r.violations.map(v => ({
	id: v.id,
	impact: v.impact || '',
	help: v.help,
	nodes: v.nodes.length,
	target: v.nodes.length ? JSON.stringify(v.nodes[0].target) : '',
	html: v.nodes.length ? v.nodes[0].html : '',
	summary: v.nodes.length ? (v.nodes[0].failureSummary || '') : '',
})))`

// settleJS resolves after two animation frames (resize events and their
// handlers run before the first), or after a second if no frame comes.
const settleJS = `new Promise(resolve => {
	requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
	setTimeout(resolve, 1000);
})`

// axeViolation is one failed axe rule on a page.
type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	Nodes   int    `json:"nodes"`
	Target  string `json:"target"`
	HTML    string `json:"html"`
	Summary string `json:"summary"`
}

// checkA11y runs axe-core in the page the tab shows and fails the test with
// every WCAG 2 A/AA violation: rule, impact, and the first node's selector and
// HTML. The script goes in through the DevTools protocol (Runtime.evaluate),
// which the page's Content-Security-Policy (script-src 'self') does not govern.
func checkA11y(t *testing.T, ctx context.Context) {
	t.Helper()
	loc, violations, err := runAxe(ctx)
	if err != nil {
		t.Fatalf("a11y on %s: %v", loc, err)
	}
	if len(violations) == 0 {
		t.Logf("a11y %s: no WCAG 2 A/AA violations", loc)
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "accessibility (axe-core, WCAG 2 A/AA) on %s: %d violation(s)", loc, len(violations))
	for _, v := range violations {
		fmt.Fprintf(&b, "\n- %s (%s): %s; %d node(s); first: %s\n    %s", v.ID, v.Impact, v.Help, v.Nodes, v.Target, v.HTML)
		if v.Summary != "" {
			fmt.Fprintf(&b, "\n    %s", strings.ReplaceAll(v.Summary, "\n", "\n    "))
		}
	}
	t.Error(b.String())
}

// runAxe injects axe-core into the page the tab shows, unless it is there
// already, runs it and returns the page's URL and the violations.
func runAxe(ctx context.Context) (string, []axeViolation, error) {
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "(unknown page)", nil, fmt.Errorf("location: %w", err)
	}
	// A viewport just changed (narrow, or a page opened at phone width) fires
	// resize before the next frame, and the page's script answers it (a wide
	// table joins the tab order); axe checks the page after that answer.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](settleJS, chromedp.EvalAwaitPromise)); err != nil {
		return loc, nil, fmt.Errorf("wait for the next frames: %w", err)
	}
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === 'object'`))
	if err != nil {
		return loc, nil, err
	}
	if !loaded {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
			return loc, nil, fmt.Errorf("inject axe-core: %w", err)
		}
	}
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		return loc, nil, fmt.Errorf("axe.run: %w", err)
	}
	return loc, violations, nil
}

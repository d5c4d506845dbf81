package e2e

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"casusoverleg/internal/demo"
)

// policyEmail is the municipality's policy officer of the demo region: reports only.
const policyEmail = "beleid@oss.example.nl"

// TestJourneyPolicyOfficerReadsReports: the policy officer logs in, lands on
// the reports, sees three charts with a title, a description and a table
// beside them, small counts as "< 5", and is refused the cases; the charts
// are drawn and fit on a phone 390 px wide.
func TestJourneyPolicyOfficerReadsReports(t *testing.T) {
	t.Parallel()
	r := startRegion(t)
	b := openTab(t, r.URL)
	charts := []string{"neighbourhoods", "themes", "trend"}
	b.steps(
		journeyStep{"LoginLandsOnReports", func(b *tab) {
			status := b.login(policyEmail, demo.Password)
			b.wantPage("/reports", status, 200)
			b.look("reports-desktop")
			if h := b.text("main h1"); h != "Rapportages" {
				b.t.Errorf("heading %q, want Rapportages", h)
			}
			if n := b.eval(`String(document.querySelectorAll('header nav a[href="/cases"], header nav a[href="/conferences"]').length)`); n != "0" {
				b.t.Errorf("the policy officer's menu links to cases or meetings (%s links)", n)
			}
			b.wantText("< 5")
		}},
		journeyStep{"ChartsHaveTitleDescriptionAndTable", func(b *tab) {
			for _, id := range charts {
				sel := "#" + id + " svg.chart"
				if got := b.attr(sel, "role"); got != "img" {
					b.t.Errorf("%s role=%q, want img", sel, got)
				}
				if got, want := b.attr(sel, "aria-labelledby"), "chart-"+id+"-title chart-"+id+"-desc"; got != want {
					b.t.Errorf("%s aria-labelledby=%q, want %q", sel, got, want)
				}
				title := b.eval(`document.querySelector('#chart-` + id + `-title').textContent`)
				desc := b.eval(`document.querySelector('#chart-` + id + `-desc').textContent`)
				caption := b.eval(`document.querySelector("#` + id + ` table caption").textContent`)
				if title == "" || desc == "" || caption != title {
					b.t.Errorf("%s: title %q, desc %q, table caption %q", id, title, desc, caption)
				}
				b.wantChartDrawn(id)
			}
			if got := b.attr(`#neighbourhoods a[download]`, "href"); !strings.HasPrefix(got, "/reports.csv?table=neighbourhoods&") {
				b.t.Errorf("CSV link %q", got)
			}
		}},
		journeyStep{"CasesRefused", func(b *tab) {
			status := b.open("/cases")
			b.wantPage("/cases", status, 403)
			b.a11y()
		}},
		journeyStep{"ReportsAtPhoneWidth", func(b *tab) {
			ctx, cancel := b.stepCtx()
			defer cancel()
			if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
				b.t.Fatal(err)
			}
			status := b.open("/reports")
			b.wantPage("/reports", status, 200)
			b.look("reports-390")
			if w := b.eval(`String(document.documentElement.scrollWidth)`); w != "390" {
				b.t.Errorf("page is %s px wide at 390 px: it scrolls sideways", w)
			}
			for _, id := range charts {
				// The chart keeps a readable size and scrolls inside its frame, which fits the screen.
				sizes := b.eval(`(() => {
					const f = document.querySelector('#` + id + ` figure'), s = f.querySelector('svg.chart');
					const fr = f.getBoundingClientRect(), sr = s.getBoundingClientRect();
					return (fr.left >= 0 && fr.right <= 390) + ' ' + (sr.width >= 400);
				})()`)
				if sizes != "true true" {
					b.t.Errorf("chart %s at 390 px: frame fits, chart readable = %s", id, sizes)
				}
				b.wantChartDrawn(id)
			}
		}},
	)
}

// wantChartDrawn takes a screenshot of chart id and fails unless it shows
// pixels in the colour of the first series (bars, or the dashed outline of a hidden value).
func (b *tab) wantChartDrawn(id string) {
	b.t.Helper()
	ctx, cancel := b.stepCtx()
	defer cancel()
	shot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("#"+id+" svg.chart")))
	if err != nil {
		b.t.Fatalf("screenshot of chart %s: %v", id, err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		b.t.Fatalf("chart %s: %v", id, err)
	}
	bounds, series := img.Bounds(), 0
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			// #1f5fa8, give or take anti-aliasing.
			if near(r>>8, 0x1f) && near(g>>8, 0x5f) && near(bl>>8, 0xa8) {
				series++
			}
		}
	}
	if bounds.Dx() < 200 || series < 20 {
		b.t.Errorf("chart %s: %dx%d px with %d pixels of the series colour; want a drawn chart", id, bounds.Dx(), bounds.Dy(), series)
	}
}

func near(a, b uint32) bool { return a+24 >= b && a <= b+24 }

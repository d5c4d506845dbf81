package web_test

import (
	"html"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"casusoverleg/internal/web"
)

// betrays are words that, outside what users typed, show that a page is not
// wholly in its language: English words of the program on a Dutch page, and
// Dutch words on an English page. Matched as whole words, ignoring case.
var betrays = map[string][]string{
	"nl": {"the", "and", "are", "not", "must", "required", "proposed", "accepted", "rejected", "deferred",
		"list", "minutes", "timeline", "mandate", "action", "actions", "draft", "published", "signed", "closed",
		"view", "create", "update", "cancel", "agree", "abstain", "object", "present", "absent",
		"excused", "overdue", "done", "revoked", "expired", "escalated", "adopted", "question", "questions",
		"referral", "neighbourhood", "case", "cases", "meeting", "item", "items", "none", "new", "follow_up", "general"},
	"en": {"de", "het", "een", "van", "voor", "niet", "geen", "en", "afgeschermd", "verslag", "agendapunt", "agendapunten",
		"vragenset", "vragensets", "bijeenkomst", "casus", "casussen", "aanwezig", "afwezig", "besluit", "mandaat",
		"afspraak", "afspraken", "gepubliceerd", "voorgesteld", "geaccepteerd", "afgewezen", "uitgesteld", "lijst",
		"buurt", "wijk", "vragen", "aanmelding", "opslaan", "bijlage", "hoofdpersoon", "vanaf", "tot", "wat", "wie"},
}

// typed is what the env's users typed (names, subjects, summaries, decisions):
// it is shown as typed, in Dutch, on English pages too, so the test takes it
// out before it looks for words of the other language.
var typed = []string{"Geheime Persoon", "Vertrouwelijke stand van zaken uit het verslag", "Vertrouwelijke stand van zaken bespreken",
	"Vertrouwelijke stand van zaken", "Geheim besluit over de aanpak", "Geheim mandaat: meldplicht", "in overleg met het OM",
	"Geheime afspraak: huisbezoek", "Ussen", "Politie", "GGZ", "ZVH Test", "ZVH", "Casusoverleg",
	// Names of institutions stay Dutch in English too.
	"Zorg- en Veiligheidshuis", "Veilig Thuis", "Bestuurlijke Informatievoorziening Justitiabelen"}

var (
	scriptOrStyle = regexp.MustCompile(`(?is)<(script|style)\b.*?</(script|style)>`)
	shownAttr     = regexp.MustCompile(`(?i)\s(?:aria-label|title|placeholder|alt)="([^"]*)"`)
	anyTag        = regexp.MustCompile(`(?s)<[^>]*>`)
	// typedOrCode is what a form field holds (as typed, e.g. the Dutch source
	// texts of a question set on the English admin page) and identifiers in <code>.
	typedOrCode = regexp.MustCompile(`(?is)<(textarea|code)\b[^>]*>.*?</(textarea|code)>`)
	// langSwitch is "NL | EN", the names of the languages to choose from.
	langSwitch = regexp.MustCompile(`(?s)<span class="langs">.*?</span>`)
)

// shownText is the text a reader sees or hears of an HTML page: its text and
// the labels, titles, placeholders and alternative texts of its elements.
func shownText(page string) string {
	page = scriptOrStyle.ReplaceAllString(page, " ")
	page = langSwitch.ReplaceAllString(page, " ")
	page = typedOrCode.ReplaceAllString(page, " ")
	var b strings.Builder
	for _, m := range shownAttr.FindAllStringSubmatch(page, -1) {
		b.WriteString(" " + m[1] + " ")
	}
	b.WriteString(anyTag.ReplaceAllString(page, " "))
	return html.UnescapeString(b.String())
}

// TestEveryPageInBothLanguages renders every page of the router (every GET
// route outside the API that answers HTML, as the first of nobody, chair,
// secretary, admin and officer who may see it) in Dutch and in English, and
// fails on a word that betrays the other language and on any translation key
// that either catalogue lacks.
func TestEveryPageInBothLanguages(t *testing.T) {
	e := newEnv(t)
	r := e.recordMinutes(t)
	requests := matrixRequests(e, r)
	pages := 0
	for _, rt := range e.srv.Routes() {
		if rt.Method != http.MethodGet || strings.HasPrefix(rt.Path, "/api/") {
			continue
		}
		req, ok := requests["GET "+rt.Path]
		if !ok {
			t.Errorf("route GET %s is not in matrixRequests", rt.Path)
			continue
		}
		path, _, _ := strings.Cut(req.path, "?")
		for _, lang := range []string{"nl", "en"} {
			body, user, isPage := e.pageIn(lang, path)
			if !isPage {
				continue
			}
			pages++
			text := shownText(body)
			for _, s := range typed {
				text = strings.ReplaceAll(text, s, " ")
			}
			words := map[string]bool{}
			for _, w := range regexp.MustCompile(`[\pL_]+`).FindAllString(strings.ToLower(text), -1) {
				words[w] = true
			}
			var found []string
			for _, w := range betrays[lang] {
				if words[w] {
					at := regexp.MustCompile(`(?i).{0,30}\b` + w + `\b.{0,30}`).FindString(strings.Join(strings.Fields(text), " "))
					found = append(found, w+" in “"+at+"”")
				}
			}
			if len(found) > 0 {
				t.Errorf("%s in %s (as %s) shows words of the other language: %q", path, lang, user, found)
			}
		}
	}
	if pages < 30 {
		t.Fatalf("rendered %d pages in both languages, want every page", pages)
	}
	for _, miss := range web.MissingTranslations(e.srv) {
		t.Errorf("translation missing: %s", miss)
	}
}

// pageIn fetches path in lang as the first user to whom it answers 200 with
// HTML, and returns the page, the user and whether there was one.
func (e *env) pageIn(lang, path string) (string, string, bool) {
	e.t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, user := range []string{"", "chair", "secretary", "admin", "officer", "privacy"} {
		req, err := http.NewRequest(http.MethodGet, e.http.URL+path, nil)
		if err != nil {
			e.t.Fatal(err)
		}
		req.Header.Set("Accept-Language", lang)
		if user != "" {
			req.Header.Set("Authorization", "Bearer "+e.tokens[user])
		}
		res, err := client.Do(req)
		if err != nil {
			e.t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		_ = res.Body.Close()
		mt, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type"))
		if res.StatusCode == http.StatusOK {
			return string(b), user, mt == "text/html"
		}
	}
	return "", "", false
}

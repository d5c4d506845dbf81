package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pquerna/otp/totp"

	"casusoverleg/agenda"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/dbtest"
)

var totpSecretShown = regexp.MustCompile(`<code>([A-Z2-7]+=*)</code>`)

// loginWithSecondFactor logs a chair, secretary or admin in: the password,
// then the TOTP enrolment with the secret the page shows, at the test clock.
func (b *browser) loginWithSecondFactor(email string) {
	b.t.Helper()
	b.login(email)
	// One page for both the secret and the CSRF token: every visit of the
	// enrolment page begins a new enrolment.
	body := b.get("/account/totp").Body
	secret, token := totpSecretShown.FindStringSubmatch(body), csrfField.FindStringSubmatch(body)
	if secret == nil || token == nil {
		b.t.Fatalf("enrolment page of %s without secret or CSRF token", email)
	}
	code, err := totp.GenerateCode(secret[1], dbtest.Clock)
	if err != nil {
		b.t.Fatal(err)
	}
	res, err := b.client.PostForm(b.base+"/account/totp", url.Values{"code": {code}, "csrf_token": {token[1]}})
	if err != nil {
		b.t.Fatal(err)
	}
	if p := readPage(b.t, res); p.Code != http.StatusSeeOther {
		b.t.Fatalf("TOTP enrolment of %s: status %d, body %s", email, p.Code, p.Body)
	}
}

// questionSetByKey reads a question set through the API as the admin.
func (e *env) questionSetByKey(t *testing.T, key string) (agenda.QuestionSet, bool) {
	t.Helper()
	var list struct{ Items []agenda.QuestionSet }
	e.api("admin", "GET", "/api/v1/question-sets", nil).JSON(t, &list)
	for _, q := range list.Items {
		if q.Key == key {
			return q, true
		}
	}
	return agenda.QuestionSet{}, false
}

// createQuestionSet stores a set of two text questions through the API.
func (e *env) createQuestionSet(t *testing.T) agenda.QuestionSet {
	t.Helper()
	res := e.api("admin", "POST", "/api/v1/question-sets", agenda.QuestionSet{Key: "wijkteam", Name: "Wijkteam", Active: true,
		Questions: []agenda.Question{{Key: "betrokken", Text: "Is het wijkteam betrokken?", Kind: agenda.AnswerYesNo},
			{Key: "contact", Text: "Wie is de contactpersoon?", Kind: agenda.AnswerText}}})
	if res.Code != http.StatusCreated {
		t.Fatalf("create question set: %d %s", res.Code, res.Body)
	}
	var q agenda.QuestionSet
	res.JSON(t, &q)
	return q
}

func TestAdminCreatesQuestionSet(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.loginWithSecondFactor("admin@example.nl")

	form := b.get("/admin/question-sets/new")
	if form.Code != http.StatusOK {
		t.Fatalf("new form: %d", form.Code)
	}
	for _, want := range []string{`<label for="questions[2].choices">`, `name="questions[2].kind"`, `name="themes" value="jeugd"`,
		`name="item_kinds" value="new"`, `name="active" value="on" checked`} {
		if !strings.Contains(form.Body, want) {
			t.Errorf("new form lacks %s", want)
		}
	}
	if strings.Contains(form.Body, `name="questions[3].text"`) || strings.Contains(form.Body, `name="version"`) {
		t.Errorf("new form shows more than three empty rows or a version")
	}

	p := b.post("/admin/question-sets/new", "/admin/question-sets", url.Values{
		"name": {"Wijkaanpak Oss"}, "description": {"Voor de wijken van Oss"}, "themes": {"jeugd", "zorg_en_overlast"},
		"postcodes": {"5341, 534"}, "item_kinds": {"new"}, "position": {"15"}, "active": {"on"},
		"questions[0].text": {"Is de wijkagent betrokken?"}, "questions[0].kind": {"yes_no"},
		"questions[1].kind": {"text"}, // an empty row is left out
		"questions[2].text": {"Hoe is de woonsituatie?"}, "questions[2].kind": {"choice"}, "questions[2].key": {"wonen"},
		"questions[2].choices": {"Stabiel\r\nOnzeker\r\n\r\nDakloos\r\n"},
	})
	if p.Code != http.StatusSeeOther || p.Location != "/admin/question-sets" {
		t.Fatalf("create: %d %q, body %s", p.Code, p.Location, p.Body)
	}
	list := b.get("/admin/question-sets")
	for _, want := range []string{"Wijkaanpak Oss", "<code>wijkaanpak-oss</code>", "De vragenset is opgeslagen.", "Jeugd, Zorg en overlast", "5341, 534", "nieuwe casus"} {
		if !strings.Contains(list.Body, want) {
			t.Errorf("list lacks %q", want)
		}
	}
	q, ok := e.questionSetByKey(t, "wijkaanpak-oss")
	if !ok {
		t.Fatal("the set is not stored under the key made from its name")
	}
	if len(q.Questions) != 2 || q.Questions[0].Key != "is-de-wijkagent-betrokken" || q.Questions[0].Kind != agenda.AnswerYesNo ||
		q.Questions[1].Key != "wonen" || strings.Join(q.Questions[1].Choices, "|") != "Stabiel|Onzeker|Dakloos" {
		t.Errorf("questions stored as %+v", q.Questions)
	}
	if !q.Active || q.BuiltIn || q.Position != 15 || len(q.Themes) != 2 || len(q.ItemKinds) != 1 || strings.Join(q.Postcodes, ",") != "5341,534" {
		t.Errorf("set stored as %+v", q)
	}
	events, total, err := e.audit().List(t.Context(), audit.Filter{Action: audit.ActionCreate, RecordType: "question_set"})
	if err != nil || total != 1 || events[0].RecordID != fmt.Sprint(q.ID) || events[0].UserEmail != "admin@example.nl" {
		t.Errorf("create audited as %+v (%d, %v)", events, total, err)
	}
}

func TestAdminQuestionSetErrorNextToQuestion(t *testing.T) {
	e := newEnv(t)
	q := e.createQuestionSet(t)
	b := e.browser()
	b.loginWithSecondFactor("admin@example.nl")
	path := fmt.Sprintf("/admin/question-sets/%d", q.ID)

	edit := b.get(path)
	for _, want := range []string{`value="Is het wijkteam betrokken?"`, `name="version" value="1"`, `name="questions[4].text" value=""`,
		`<option value="yes_no" selected>ja / nee</option>`} {
		if !strings.Contains(edit.Body, want) {
			t.Errorf("edit form lacks %s", want)
		}
	}

	// Row 1 is emptied, so the bad choice question of row 2 becomes
	// questions[1] and is shown as row 1, with the error at its choices.
	p := b.post(path, path, url.Values{"name": {"Wijkteam"}, "key": {"wijkteam"}, "version": {"1"}, "active": {"on"},
		"questions[0].key": {"betrokken"}, "questions[0].text": {"Is het wijkteam betrokken?"}, "questions[0].kind": {"yes_no"},
		"questions[1].kind": {"text"},
		"questions[2].text": {"Hoe vaak is er contact?"}, "questions[2].kind": {"choice"}, "questions[2].choices": {"Wekelijks"},
		"questions[3].text": {"  "}, "questions[3].kind": {"text"}})
	if p.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad choice question: %d, want 422", p.Code)
	}
	want := `<textarea id="questions[1].choices" name="questions[1].choices" rows="3" aria-invalid="true" aria-describedby="questions[1].choices-error">Wekelijks</textarea>` + "\n    " +
		`<span class="error" id="questions[1].choices-error">moet minstens twee keuzes hebben</span>`
	if !strings.Contains(p.Body, want) {
		t.Errorf("no error at the choices of question 2; body:\n%s", p.Body)
	}
	if !strings.Contains(p.Body, `name="questions[1].text" value="Hoe vaak is er contact?"`) {
		t.Errorf("the typed question is not kept in its row")
	}
	if n := strings.Count(p.Body, `aria-invalid="true"`); n != 1 {
		t.Errorf("%d fields marked invalid, want only the choices", n)
	}
	if got, _ := e.questionSetByKey(t, "wijkteam"); got.Version != 1 {
		t.Errorf("a refused save changed the set: %+v", got)
	}
}

func TestAdminQuestionSetStaleVersion(t *testing.T) {
	e := newEnv(t)
	q := e.createQuestionSet(t)
	b := e.browser()
	b.loginWithSecondFactor("admin@example.nl")
	path := fmt.Sprintf("/admin/question-sets/%d", q.ID)

	// Someone else saves while the admin's form still holds version 1.
	theirs := q
	theirs.Name = "Wijkteam (hun versie)"
	if res := e.api("admin", "PUT", "/api/v1/question-sets/"+fmt.Sprint(q.ID), theirs); res.Code != http.StatusOK {
		t.Fatalf("their save: %d %s", res.Code, res.Body)
	}
	typed := url.Values{"name": {"Wijkteam (mijn versie)"}, "key": {"wijkteam"}, "version": {"1"}, "active": {"on"},
		"questions[0].key": {"betrokken"}, "questions[0].text": {"Mijn getypte vraag?"}, "questions[0].kind": {"yes_no"}}
	p := b.post(path, path, typed)
	if p.Code != http.StatusConflict {
		t.Fatalf("stale save: %d, want 409", p.Code)
	}
	for _, want := range []string{"Iemand anders heeft deze vragenset intussen gewijzigd", `value="Wijkteam (mijn versie)"`,
		`value="Mijn getypte vraag?"`, `name="version" value="2"`, "Wijkteam (hun versie)"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("conflict page lacks %s", want)
		}
	}
	if got, _ := e.questionSetByKey(t, "wijkteam"); got.Name != "Wijkteam (hun versie)" || got.Version != 2 {
		t.Fatalf("the stale save overwrote theirs: %+v", got)
	}

	// Having seen their version, the admin saves on purpose.
	typed.Set("version", "2")
	if p := b.post(path, path, typed); p.Code != http.StatusSeeOther {
		t.Fatalf("save over the current version: %d", p.Code)
	}
	if got, _ := e.questionSetByKey(t, "wijkteam"); got.Name != "Wijkteam (mijn versie)" || got.Version != 3 || len(got.Questions) != 1 {
		t.Fatalf("saved as %+v", got)
	}
	if _, total, _ := e.audit().List(t.Context(), audit.Filter{Action: audit.ActionUpdate, RecordType: "question_set"}); total != 2 {
		t.Errorf("%d updates audited, want 2 (the API's and the form's)", total)
	}
}

func TestBuiltInQuestionSetKeepsKey(t *testing.T) {
	e := newEnv(t)
	q, ok := e.questionSetByKey(t, "buurtgericht")
	if !ok || !q.BuiltIn {
		t.Fatalf("no built-in set buurtgericht: %+v", q)
	}
	b := e.browser()
	b.loginWithSecondFactor("admin@example.nl")
	path := fmt.Sprintf("/admin/question-sets/%d", q.ID)
	if p := b.get(path); !strings.Contains(p.Body, `name="key" value="buurtgericht" maxlength="40" autocomplete="off" readonly>`) {
		t.Errorf("the key of a built-in set is not read-only")
	}
	p := b.post(path, path, url.Values{"name": {"Buurt"}, "key": {"andere-sleutel"}, "version": {fmt.Sprint(q.Version)},
		"questions[0].text": {"Welke buurt?"}, "questions[0].kind": {"text"}})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("save built-in set: %d %s", p.Code, p.Body)
	}
	if got, ok := e.questionSetByKey(t, "buurtgericht"); !ok || got.Name != "Buurt" || got.Active {
		t.Errorf("built-in set saved as %+v", got)
	}
}

func TestQuestionSetPagesAreForAdmins(t *testing.T) {
	e := newEnv(t)
	q := e.createQuestionSet(t)
	id := fmt.Sprint(q.ID)
	body := url.Values{"name": {"Niet van u"}, "key": {"wijkteam"}, "version": {"1"},
		"questions[0].text": {"Vraag"}, "questions[0].kind": {"text"}}
	officer := e.browser()
	officer.login("officer@example.nl")
	chair := e.browser()
	chair.loginWithSecondFactor("chair@example.nl")
	for name, b := range map[string]*browser{"officer": officer, "chair": chair} {
		for _, path := range []string{"/admin/question-sets", "/admin/question-sets/new", "/admin/question-sets/" + id} {
			if p := b.get(path); p.Code != http.StatusForbidden {
				t.Errorf("%s GET %s: %d, want 403", name, path, p.Code)
			}
		}
		for _, path := range []string{"/admin/question-sets", "/admin/question-sets/" + id} {
			if p := b.post("/conferences", path, body); p.Code != http.StatusForbidden {
				t.Errorf("%s POST %s: %d, want 403", name, path, p.Code)
			}
		}
	}
	if got, _ := e.questionSetByKey(t, "wijkteam"); got.Name != "Wijkteam" || got.Version != 1 {
		t.Errorf("a non-admin changed the set: %+v", got)
	}
	if _, ok := e.questionSetByKey(t, "niet-van-u"); ok {
		t.Errorf("a non-admin created a set")
	}
}

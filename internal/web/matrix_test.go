package web_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
	"casusoverleg/minutes"
)

// matrixRequests has one entry for every registered route: the path with its
// parameters filled in by the fixture and, for writes, a body that would be
// valid for someone allowed to write. TestNeedToKnowMatrix fails for a route
// that is missing here, so no new route escapes the need-to-know check.
func matrixRequests(e *env, r recorded) map[string]struct{ path, body string } {
	caseID, confID, itemID := e.policeC.ID, e.conf.ID, r.item.ID
	item := fmt.Sprintf("/items/%d", itemID)
	decision := fmt.Sprintf("/decisions/%d", r.decision.ID)
	action := fmt.Sprintf("/actions/%d", r.action.ID)
	mandate := fmt.Sprintf("/mandates/%d", r.mandate.ID)
	conf := fmt.Sprintf("/conferences/%d", confID)
	persons, err := e.store.Persons(e.t.Context(), conference.System, caseID, false)
	if err == nil && len(persons) < 2 {
		e.addSecretPerson(e.t)
		persons, err = e.store.Persons(e.t.Context(), conference.System, caseID, false)
	}
	if err != nil || len(persons) < 2 {
		e.t.Fatalf("persons of the police case: %v %v", persons, err)
	}
	person := fmt.Sprintf("/persons/%d", persons[0].ID)
	personBody := `{"surname":"Nieuw","initials":"N.","birth_date":"2000-01-01","role":"kind"}`
	mergeBody := fmt.Sprintf(`{"other_person_id":%d,"reason":"dubbel"}`, persons[1].ID)
	cases := fmt.Sprintf("/cases/%d", caseID)
	caseBody := fmt.Sprintf(`{"subject":"Overgenomen","theme":"high_impact","postcode":"5348","neighbourhood":"Ussen","referring_organisation_id":%d,"involved_organisation_ids":[%d],"version":1}`, e.police.ID, e.police.ID)
	return map[string]struct{ path, body string }{
		"GET /healthz":                                     {"/healthz", ""},
		"GET /api/v1/openapi.json":                         {"/api/v1/openapi.json", ""},
		"GET /static/app.css":                              {"/static/app.css", ""},
		"GET /static/app.js":                               {"/static/app.js", ""},
		"HEAD /static/app.css":                             {"/static/app.css", ""},
		"HEAD /static/app.js":                              {"/static/app.js", ""},
		"GET /login":                                       {"/login", ""},
		"POST /login":                                      {"/login", ""},
		"GET /login/totp":                                  {"/login/totp", ""},
		"POST /login/totp":                                 {"/login/totp", ""},
		"POST /logout":                                     {"/logout", ""},
		"GET /":                                            {"/", ""},
		"GET /account/totp":                                {"/account/totp", ""},
		"POST /account/totp":                               {"/account/totp", ""},
		"GET /account/recovery-codes":                      {"/account/recovery-codes", ""},
		"POST /account/recovery-codes":                     {"/account/recovery-codes", "password=" + testPassword},
		"POST /admin/users/:id/second-factor/reset":        {fmt.Sprintf("/admin/users/%d/second-factor/reset", e.users["nurse"].ID), ""},
		"POST /api/v1/users/:id/second-factor/reset":       {fmt.Sprintf("/api/v1/users/%d/second-factor/reset", e.users["nurse"].ID), ""},
		"GET /conferences":                                 {"/conferences", ""},
		"GET /privacy":                                     {"/privacy?bsn=" + secretBSN, ""},
		"GET /privacy/persons/:id":                         {"/privacy" + person, ""},
		"GET /privacy/persons/:id/report.pdf":              {"/privacy" + person + "/report.pdf", ""},
		"GET /privacy/requests":                            {"/privacy/requests", ""},
		"POST /privacy/requests":                           {"/privacy/requests", privacyRequestForm(persons[0].ID)},
		"GET /api/v1/privacy/persons":                      {"/api/v1/privacy/persons?bsn=" + secretBSN, ""},
		"GET /api/v1/privacy/persons/:id/report":           {"/api/v1/privacy" + person + "/report", ""},
		"GET /api/v1/privacy/requests":                     {"/api/v1/privacy/requests", ""},
		"POST /api/v1/privacy/requests":                    {"/api/v1/privacy/requests", privacyRequestJSON(persons[0].ID)},
		"GET /conferences/:id":                             {fmt.Sprintf("/conferences/%d", confID), ""},
		"GET /cases":                                       {"/cases?q=Geheime", ""},
		"GET /cases/new":                                   {"/cases/new", ""},
		"POST /cases":                                      {"/cases", ""},
		"GET /cases/:id":                                   {fmt.Sprintf("/cases/%d", caseID), ""},
		"GET /admin/users":                                 {"/admin/users", ""},
		"POST /admin/users":                                {"/admin/users", ""},
		"GET /admin/organisations":                         {"/admin/organisations", ""},
		"POST /admin/organisations":                        {"/admin/organisations", ""},
		"GET /admin/audit":                                 {"/admin/audit", ""},
		"GET /admin/series/:id/confidentiality":            {fmt.Sprintf("/admin/series/%d/confidentiality", e.series.ID), ""},
		"POST /admin/series/:id/confidentiality":           {fmt.Sprintf("/admin/series/%d/confidentiality", e.series.ID), "text=Vertrouwelijk"},
		"GET /api/v1/series/:id/confidentiality":           {fmt.Sprintf("/api/v1/series/%d/confidentiality", e.series.ID), ""},
		"PUT /api/v1/series/:id/confidentiality":           {fmt.Sprintf("/api/v1/series/%d/confidentiality", e.series.ID), `{"text":"Vertrouwelijk"}`},
		"GET /admin/question-sets":                         {"/admin/question-sets", ""},
		"GET /admin/question-sets/new":                     {"/admin/question-sets/new", ""},
		"POST /admin/question-sets":                        {"/admin/question-sets", "name=Matrix&questions[0].text=Vraag&questions[0].kind=text&active=on"},
		"GET /admin/question-sets/:id":                     {"/admin/question-sets/1", ""},
		"POST /admin/question-sets/:id":                    {"/admin/question-sets/1", "name=Matrix&questions[0].text=Vraag&questions[0].kind=text&version=1"},
		"GET /api/v1/me":                                   {"/api/v1/me", ""},
		"GET /api/v1/organisations":                        {"/api/v1/organisations", ""},
		"POST /api/v1/organisations":                       {"/api/v1/organisations", `{"name":"Nieuw","kind":"other"}`},
		"GET /api/v1/organisations/:id":                    {fmt.Sprintf("/api/v1/organisations/%d", e.police.ID), ""},
		"PUT /api/v1/organisations/:id":                    {fmt.Sprintf("/api/v1/organisations/%d", e.police.ID), `{"name":"Politie","kind":"politie"}`},
		"GET /api/v1/users":                                {"/api/v1/users", ""},
		"POST /api/v1/users":                               {"/api/v1/users", ""},
		"GET /api/v1/users/:id":                            {fmt.Sprintf("/api/v1/users/%d", e.users["officer"].ID), ""},
		"PUT /api/v1/users/:id":                            {fmt.Sprintf("/api/v1/users/%d", e.users["officer"].ID), ""},
		"GET /api/v1/series":                               {"/api/v1/series", ""},
		"POST /api/v1/series":                              {"/api/v1/series", ""},
		"GET /api/v1/series/:id":                           {fmt.Sprintf("/api/v1/series/%d", e.series.ID), ""},
		"PUT /api/v1/series/:id":                           {fmt.Sprintf("/api/v1/series/%d", e.series.ID), ""},
		"GET /api/v1/conferences":                          {"/api/v1/conferences", ""},
		"POST /api/v1/conferences":                         {"/api/v1/conferences", ""},
		"GET /api/v1/conferences/:id":                      {fmt.Sprintf("/api/v1/conferences/%d", confID), ""},
		"PUT /api/v1/conferences/:id":                      {fmt.Sprintf("/api/v1/conferences/%d", confID), ""},
		"GET /api/v1/conferences/:id/attendance":           {fmt.Sprintf("/api/v1/conferences/%d/attendance", confID), ""},
		"PUT /api/v1/conferences/:id/attendance":           {fmt.Sprintf("/api/v1/conferences/%d/attendance", confID), `{"items":[]}`},
		"GET /api/v1/cases":                                {"/api/v1/cases?q=Geheime", ""},
		"POST /api/v1/cases":                               {"/api/v1/cases", ""},
		"GET /api/v1/cases/:id":                            {fmt.Sprintf("/api/v1/cases/%d", caseID), ""},
		"PUT /api/v1/cases/:id":                            {fmt.Sprintf("/api/v1/cases/%d", caseID), caseBody},
		"GET /api/v1/audit":                                {"/api/v1/audit?record_type=case", ""},
		"GET /conferences/:id/propose":                     {conf + "/propose", ""},
		"POST /conferences/:id/items":                      {conf + "/items", "mode=existing&reason=x&case_id=" + fmt.Sprint(caseID)},
		"POST /conferences/:id/prepare":                    {conf + "/prepare", ""},
		"POST /conferences/:id/publish":                    {conf + "/publish", ""},
		"GET /conferences/:id/agenda.pdf":                  {conf + "/agenda.pdf", ""},
		"GET /conferences/:id/invite.ics":                  {conf + "/invite.ics", ""},
		"POST /items/:id/triage":                           {item + "/triage", "decision=reject&decision_note=weg&version=2"},
		"POST /items/:id/plan":                             {item + "/plan", "planned_minutes=5&version=2"},
		"POST /items/:id/move":                             {item + "/move", "direction=up&version=2"},
		"POST /items/:id/remove":                           {item + "/remove", "version=2"},
		"GET /api/v1/conferences/:id/agenda":               {"/api/v1" + conf + "/agenda", ""},
		"POST /api/v1/conferences/:id/items":               {"/api/v1" + conf + "/items", fmt.Sprintf(`{"case_id":%d,"reason":"x"}`, caseID)},
		"PUT /api/v1/conferences/:id/order":                {"/api/v1" + conf + "/order", fmt.Sprintf(`{"item_ids":[%d]}`, itemID)},
		"POST /api/v1/conferences/:id/prepare":             {"/api/v1" + conf + "/prepare", ""},
		"POST /api/v1/conferences/:id/publish":             {"/api/v1" + conf + "/publish", ""},
		"POST /api/v1/items/:id/triage":                    {"/api/v1" + item + "/triage", `{"decision":"reject","decision_note":"weg","version":2}`},
		"PUT /api/v1/items/:id":                            {"/api/v1" + item, `{"planned_minutes":5,"version":2}`},
		"DELETE /api/v1/items/:id":                         {"/api/v1" + item, ""},
		"GET /conferences/:id/minutes":                     {conf + "/minutes", ""},
		"POST /conferences/:id/attendance":                 {conf + "/attendance", "presence.1=absent"},
		"POST /conferences/:id/minutes/finalise":           {conf + "/minutes/finalise", ""},
		"GET /conferences/:id/minutes/finalise":            {conf + "/minutes/finalise", ""},
		"POST /conferences/:id/minutes/reopen":             {conf + "/minutes/reopen", "reason=x"},
		"POST /decisions/:id/edit":                         {decision + "/edit", "text=x&kind=other&version=1"},
		"POST /decisions/:id/remove":                       {decision + "/remove", "version=1"},
		"POST /actions/:id/edit":                           {action + "/edit", "what=x&due_date=2026-12-01&version=1&owner_organisation_id=" + fmt.Sprint(e.police.ID)},
		"POST /actions/:id/remove":                         {action + "/remove", "version=1"},
		"POST /items/:id/record":                           {item + "/record", "summary=overschreven&version=1"},
		"POST /items/:id/decisions":                        {item + "/decisions", "text=x&kind=other"},
		"POST /items/:id/actions":                          {item + "/actions", "what=x&due_date=2026-12-01&owner_organisation_id=" + fmt.Sprint(e.ggz.ID)},
		"POST /decisions/:id/resolve":                      {decision + "/resolve", "resolution=x"},
		"GET /actions":                                     {"/actions", ""},
		"POST /actions/:id/done":                           {action + "/done", "note=klaar"},
		"GET /mandates/:id":                                {mandate, ""},
		"POST /mandates/:id/quick-actions":                 {mandate + "/quick-actions", "taken_at=2026-11-23T09:00&what=x"},
		"POST /mandates/:id/revoke":                        {mandate + "/revoke", "reason=x"},
		"GET /api/v1/conferences/:id/minutes":              {"/api/v1" + conf + "/minutes", ""},
		"POST /api/v1/conferences/:id/minutes/finalise":    {"/api/v1" + conf + "/minutes/finalise", ""},
		"GET /api/v1/conferences/:id/minutes/check":        {"/api/v1" + conf + "/minutes/check", ""},
		"POST /api/v1/conferences/:id/minutes/reopen":      {"/api/v1" + conf + "/minutes/reopen", `{"reason":"x"}`},
		"PUT /api/v1/decisions/:id":                        {"/api/v1" + decision, `{"text":"x","kind":"other","version":1}`},
		"DELETE /api/v1/decisions/:id":                     {"/api/v1" + decision + "?version=1", ""},
		"PUT /api/v1/actions/:id":                          {"/api/v1" + action, fmt.Sprintf(`{"what":"x","due_date":"2026-12-01","owner_organisation_id":%d,"version":1}`, e.police.ID)},
		"DELETE /api/v1/actions/:id":                       {"/api/v1" + action + "?version=1", ""},
		"PUT /api/v1/items/:id/record":                     {"/api/v1" + item + "/record", `{"summary":"overschreven","version":1}`},
		"POST /api/v1/items/:id/decisions":                 {"/api/v1" + item + "/decisions", `{"text":"x","kind":"other"}`},
		"POST /api/v1/items/:id/actions":                   {"/api/v1" + item + "/actions", fmt.Sprintf(`{"what":"x","due_date":"2026-12-01","owner_organisation_id":%d}`, e.ggz.ID)},
		"POST /api/v1/decisions/:id/resolve":               {"/api/v1" + decision + "/resolve", `{"resolution":"x"}`},
		"GET /api/v1/actions":                              {"/api/v1/actions", ""},
		"POST /api/v1/actions/:id/done":                    {"/api/v1" + action + "/done", `{"note":"klaar"}`},
		"GET /api/v1/mandates/:id":                         {"/api/v1" + mandate, ""},
		"POST /api/v1/mandates/:id/quick-actions":          {"/api/v1" + mandate + "/quick-actions", `{"taken_at":"2026-11-23T09:00:00Z","what":"x"}`},
		"POST /api/v1/mandates/:id/revoke":                 {"/api/v1" + mandate + "/revoke", `{"reason":"x"}`},
		"POST /conferences/:id/minutes/approve":            {conf + "/minutes/approve", "password=" + testPassword},
		"POST /conferences/:id/addenda":                    {conf + "/addenda", "text=x"},
		"POST /addenda/:id/approve":                        {"/addenda/1/approve", "password=" + testPassword},
		"GET /api/v1/conferences/:id/signature":            {"/api/v1" + conf + "/signature", ""},
		"POST /api/v1/conferences/:id/minutes/approve":     {"/api/v1" + conf + "/minutes/approve", `{"password":"` + testPassword + `"}`},
		"POST /api/v1/conferences/:id/addenda":             {"/api/v1" + conf + "/addenda", `{"text":"x"}`},
		"POST /api/v1/addenda/:id/approve":                 {"/api/v1/addenda/1/approve", `{"password":"` + testPassword + `"}`},
		"GET /conferences/:id/minutes.pdf":                 {conf + "/minutes.pdf", ""},
		"GET /conferences/:id/comments":                    {conf + "/comments", ""},
		"POST /conferences/:id/comment-round":              {conf + "/comment-round", "deadline=2026-11-25T12:00"},
		"POST /items/:id/comments":                         {item + "/comments", "text=x"},
		"POST /comments/:id/handle":                        {"/comments/1/handle", "status=processed&note=x"},
		"GET /api/v1/conferences/:id/comments":             {"/api/v1" + conf + "/comments", ""},
		"PUT /api/v1/conferences/:id/comment-round":        {"/api/v1" + conf + "/comment-round", `{"deadline":"2026-11-25T12:00:00Z"}`},
		"POST /api/v1/items/:id/comments":                  {"/api/v1" + item + "/comments", `{"text":"x"}`},
		"POST /api/v1/comments/:id/handle":                 {"/api/v1/comments/1/handle", `{"status":"processed","note":"x"}`},
		"GET /verify":                                      {"/verify", ""},
		"POST /verify":                                     {"/verify", ""},
		"GET /admin/users/:id":                             {fmt.Sprintf("/admin/users/%d", e.users["nurse"].ID), ""},
		"POST /admin/users/:id":                            {fmt.Sprintf("/admin/users/%d", e.users["nurse"].ID), "name=Verpleger&email=nurse@example.nl&roles=participant&active=on&organisation_id=" + fmt.Sprint(e.ggz.ID)},
		"GET /api/v1/cases/:id/persons":                    {"/api/v1" + cases + "/persons?bsn=show", ""},
		"POST /api/v1/cases/:id/persons":                   {"/api/v1" + cases + "/persons", personBody},
		"GET /api/v1/cases/:id/links":                      {"/api/v1" + cases + "/links", ""},
		"POST /api/v1/cases/:id/links":                     {"/api/v1" + cases + "/links", `{"other_case_id":999999,"reason":"zelfde gezin"}`},
		"GET /api/v1/persons":                              {"/api/v1/persons?q=Verb", ""},
		"PUT /api/v1/persons/:id":                          {"/api/v1" + person, personBody},
		"DELETE /api/v1/persons/:id":                       {"/api/v1" + person, ""},
		"POST /api/v1/persons/:id/merge":                   {"/api/v1" + person + "/merge", mergeBody},
		"POST /cases/:id/persons":                          {cases + "/persons", "p0-surname=Nieuw&p0-initials=N.&p0-birth_date=2000-01-01"},
		"POST /cases/:id/links":                            {cases + "/links", "other_case_id=999999&reason=x"},
		"GET /persons":                                     {"/persons?q=Verb", ""},
		"POST /persons/:id/edit":                           {person + "/edit", "e-surname=Nieuw&e-initials=N.&e-birth_date=2000-01-01&e-role=kind&e-version=1"},
		"POST /persons/:id/remove":                         {person + "/remove", ""},
		"POST /persons/:id/merge":                          {person + "/merge", fmt.Sprintf("other_person_id=%d&reason=x", persons[1].ID)},
		"GET /api/v1/cases/:id/timeline":                   {fmt.Sprintf("/api/v1/cases/%d/timeline", caseID), ""},
		"GET /api/v1/question-sets":                        {"/api/v1/question-sets", ""},
		"POST /api/v1/question-sets":                       {"/api/v1/question-sets", ""},
		"GET /api/v1/question-sets/:id":                    {"/api/v1/question-sets/1", ""},
		"PUT /api/v1/question-sets/:id":                    {"/api/v1/question-sets/1", ""},
		"POST /conferences/plan":                           {"/conferences/plan", fmt.Sprintf("series_id=%d&count=1", e.series.ID)},
		"POST /conferences/:id/schedule":                   {conf + "/schedule", "date=2026-12-01&time=10:00&duration_minutes=90&location=Elders&version=1"},
		"GET /conferences/:id/cancel":                      {conf + "/cancel", ""},
		"POST /conferences/:id/cancel":                     {conf + "/cancel", "cancel_reason=x&version=1&plan_next=1"},
		"GET /cases/:id/edit":                              {fmt.Sprintf("/cases/%d/edit", caseID), ""},
		"POST /cases/:id/edit":                             {fmt.Sprintf("/cases/%d/edit", caseID), "status=afgesloten&closing_reason=x&version=1"},
		"POST /cases/:id/organisations":                    {fmt.Sprintf("/cases/%d/organisations", caseID), fmt.Sprintf("organisation_id=%d&reason=x&version=1", e.ggz.ID)},
		"POST /cases/:id/organisations/:org/remove":        {fmt.Sprintf("/cases/%d/organisations/%d/remove", caseID, e.police.ID), "reason=x&version=1"},
		"GET /admin/series":                                {"/admin/series", ""},
		"GET /admin/series/new":                            {"/admin/series/new", ""},
		"POST /admin/series":                               {"/admin/series", ""},
		"GET /admin/series/:id":                            {fmt.Sprintf("/admin/series/%d", e.series.ID), ""},
		"POST /admin/series/:id":                           {fmt.Sprintf("/admin/series/%d", e.series.ID), ""},
		"POST /api/v1/series/:id/meetings":                 {fmt.Sprintf("/api/v1/series/%d/meetings", e.series.ID), `{"count":1}`},
		"POST /api/v1/conferences/:id/cancel":              {"/api/v1" + conf + "/cancel", `{"cancel_reason":"x","version":1,"plan_next":true}`},
		"POST /api/v1/cases/:id/organisations":             {fmt.Sprintf("/api/v1/cases/%d/organisations", caseID), fmt.Sprintf(`{"organisation_id":%d,"reason":"x","version":1}`, e.ggz.ID)},
		"POST /api/v1/cases/:id/organisations/:org/remove": {fmt.Sprintf("/api/v1/cases/%d/organisations/%d/remove", caseID, e.police.ID), `{"reason":"x","version":1}`},
		"POST /decisions/:id/apply":                        {decision + "/apply", "status=afgesloten&closing_reason=x&version=1"},
		"POST /api/v1/decisions/:id/apply":                 {"/api/v1" + decision + "/apply", `{"status":"afgesloten","closing_reason":"x","version":1}`},
		"GET /admin/messages":                              {"/admin/messages", ""},
		"GET /admin/retention":                             {"/admin/retention", ""},
		"POST /admin/retention":                            {"/admin/retention", "case_months=60&audit_months=84"},
		"POST /admin/destruction-lists/:id/approve":        {"/admin/destruction-lists/1/approve", "reason=x&version=1"},
		"GET /api/v1/retention":                            {"/api/v1/retention", ""},
		"PUT /api/v1/retention":                            {"/api/v1/retention", `{"case_months":60,"audit_months":84,"series":[]}`},
		"GET /api/v1/destruction-lists":                    {"/api/v1/destruction-lists", ""},
		"POST /api/v1/destruction-lists/:id/approve":       {"/api/v1/destruction-lists/1/approve", `{"reason":"x","version":1}`},
		"GET /api/v1/destruction-records":                  {"/api/v1/destruction-records", ""},
		"POST /cases/:id/reopen":                           {cases + "/reopen", "reason=x&version=1"},
		"POST /api/v1/cases/:id/reopen":                    {"/api/v1" + cases + "/reopen", `{"reason":"x","version":1}`},
		"GET /settings/notifications":                      {"/settings/notifications", ""},
		"POST /settings/notifications":                     {"/settings/notifications", "language=en&digest_hour=8&on=agenda_published"},
		"GET /api/v1/me/notification-settings":             {"/api/v1/me/notification-settings", ""},
		"PUT /api/v1/me/notification-settings":             {"/api/v1/me/notification-settings", `{"language":"en","digest_hour":8}`},
		"GET /api/v1/messages":                             {"/api/v1/messages", ""},
		// Reports show aggregates by design (a neighbourhood is a category, not a
		// case detail); a past period keeps the police's case out of them here,
		// and reports_test.go checks what they show and hide.
		"GET /reports":                                 {"/reports?" + pastPeriod, ""},
		"GET /reports.csv":                             {"/reports.csv?table=neighbourhoods&" + pastPeriod, ""},
		"GET /reports.pdf":                             {"/reports.pdf?" + pastPeriod, ""},
		"GET /api/v1/reports":                          {"/api/v1/reports?" + pastPeriod, ""},
		"GET /api/v1/reports/:table":                   {"/api/v1/reports/neighbourhoods?" + pastPeriod, ""},
		"GET /conferences/:id/events":                  {conf + "/events", ""},
		"POST /conferences/:id/start":                  {conf + "/start", ""},
		"POST /conferences/:id/current":                {conf + "/current", "step=next&version=1"},
		"POST /conferences/:id/confidentiality":        {conf + "/confidentiality", ""},
		"POST /api/v1/conferences/:id/confidentiality": {"/api/v1" + conf + "/confidentiality", ""},
		"GET /api/v1/conferences/:id/live":             {"/api/v1" + conf + "/live", ""},
		"GET /api/v1/conferences/:id/events":           {"/api/v1" + conf + "/events", ""},
		"POST /api/v1/conferences/:id/start":           {"/api/v1" + conf + "/start", ""},
		"PUT /api/v1/conferences/:id/current":          {"/api/v1" + conf + "/current", `{"step":1,"version":1}`},
	}
}

// pastPeriod is a report period before the police's case was referred.
const pastPeriod = "from=2020-01-01&to=2020-12-31"

// secrets are the details of the police-only case; none may reach another organisation.
var secrets = []string{"Geheime Persoon", "Vertrouwelijke stand van zaken", "Ussen", "Geheim besluit", "Geheim mandaat", "Geheime afspraak",
	"Verborgen", "2003-04-05", "05-04-2003", secretBSN, conference.MaskBSN(secretBSN)}

// secretBSN is the BSN of the second person of the police case (it passes the elfproef).
const secretBSN = "111222333"

// addSecretPerson puts a second person on the police case: a child with a BSN.
func (e *env) addSecretPerson(t *testing.T) {
	t.Helper()
	born := time.Date(2003, 4, 5, 0, 0, 0, 0, time.UTC)
	p := conference.Person{Role: conference.RoleChild, Surname: "Verborgen", Initials: "V.", BirthDate: &born, BSN: secretBSN, Postcode: "5348"}
	if err := e.store.AddPerson(t.Context(), conference.System, e.policeC.ID, &p); err != nil {
		t.Fatal(err)
	}
}

// TestNeedToKnowMatrix calls every route as every role of an organisation not
// involved in the police's case, and asserts that no detail of it comes back
// and that it is not changed.
func TestNeedToKnowMatrix(t *testing.T) {
	e := newEnv(t)
	e.addSecretPerson(t)
	r := e.recordMinutes(t)
	it, rec := r.item, r
	requests := matrixRequests(e, r)
	doc := loadOpenAPI(t)
	for _, r := range e.srv.Routes() {
		key := r.Method + " " + r.Path
		req, ok := requests[key]
		if !ok {
			t.Errorf("route %s is not in matrixRequests: add it so the need-to-know check covers it", key)
			continue
		}
		for _, user := range []string{"nurse", "otherchair", "othersecretary", "admin"} {
			t.Run(key+"/"+user, func(t *testing.T) {
				code, body := e.raw(user, r.Method, req.path, req.body)
				if code >= 500 {
					t.Fatalf("status %d: %s", code, body)
				}
				if op, ok := doc.operation(r.Method, r.Path); ok && strings.HasPrefix(r.Path, "/api/v1/") {
					if _, documented := op.Responses[fmt.Sprint(code)]; !documented {
						t.Errorf("status %d is not documented for %s in docs/openapi.json", code, key)
					}
				}
				if strings.HasPrefix(body, "%PDF") {
					body = pdfText(t, []byte(body))
				}
				for _, s := range secrets {
					if strings.Contains(body, s) {
						t.Fatalf("status %d: response leaks %q of a case the organisation is not involved in", code, s)
					}
				}
			})
		}
	}
	officer := e.users["officer"]
	got, err := e.store.Case(t.Context(), conference.ActorOf(&officer), e.policeC.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Subject != e.policeC.Subject || got.Version != e.policeC.Version || len(got.InvolvedOrganisationIDs) != 1 || len(got.Persons) != 2 ||
		got.Persons[1].Surname != "Verborgen" || got.Persons[1].Version != 1 {
		t.Fatalf("a foreign organisation changed the case: %+v", got)
	}
	after, err := agenda.NewStore(e.db, dbtest.Now, e.store).Item(t.Context(), it.ID)
	if err != nil || after.Version != it.Version || after.Status != agenda.StatusAccepted || after.PlannedMinutes != it.PlannedMinutes {
		t.Fatalf("a foreign organisation changed the agenda item: %+v (%v)", after, err)
	}
	sec := e.users["secretary"]
	v, err := minutes.NewStore(e.db, dbtest.Now, e.store, agenda.NewStore(e.db, dbtest.Now, e.store)).Minutes(t.Context(), conference.ActorOf(&sec), e.conf.ID)
	if err != nil {
		t.Fatal(err)
	}
	got2 := v.Items[0]
	if v.Status != minutes.RecordDraft || got2.Record.Version != 1 || len(got2.Decisions) != 1 || len(got2.Actions) != 1 ||
		got2.Actions[0].DoneAt != nil || got2.Decisions[0].Text != rec.decision.Text || got2.Decisions[0].Version != 1 ||
		got2.Actions[0].What != rec.action.What || got2.Actions[0].Version != 1 || got2.Decisions[0].Mandate.RevokedAt != nil || len(got2.Decisions[0].Mandate.QuickActions) != 0 || len(v.Attendance) != 1 {
		t.Fatalf("a foreign organisation changed the minutes: %+v", v)
	}
}

// raw sends a request as user with the user's bearer token; a JSON body for the API, a form otherwise.
func (e *env) raw(user, method, path, body string) (int, string) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.http.URL+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if strings.HasPrefix(path, "/api/") {
		req.Header.Set("Content-Type", "application/json")
	} else if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Authorization", "Bearer "+e.tokens[user])
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

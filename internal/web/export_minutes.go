package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/internal/audit"
	"casusoverleg/internal/pdfdoc"
	"casusoverleg/minutes"
)

// minutesPDF answers the stored signed original of the newest revision of
// the minutes that the reader may read (see originalFor): the same bytes at
// every download. The export and the cases it shows are logged first; when
// that fails nothing is sent.
func (s *Server) minutesPDF(c *gin.Context) {
	ctx := c.Request.Context()
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	organiser, err := s.agenda.Membership(ctx, actor(c), id) // members of the series only
	if err != nil {
		s.fail(c, err)
		return
	}
	o, err := s.originalFor(ctx, actor(c), organiser, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	detail := fmt.Sprintf("signed original %d (%s copy, revision %d, sha256 %s)", o.ID, o.Kind, o.Revision, o.SHA256)
	events := []audit.Event{{Action: audit.ActionExport, RecordType: "minutes", RecordID: strconv.FormatInt(id, 10), Detail: detail}}
	if len(o.CaseIDs) > 0 { // one event lists the cases the copy holds
		events = append(events, audit.Event{Action: audit.ActionExport, RecordType: "case", Records: idStrings(o.CaseIDs), Detail: "signed minutes PDF"})
	}
	if err := s.recordEvents(c, events); err != nil {
		s.fail(c, err)
		return
	}
	name := fmt.Sprintf("verslag-%d-%s.pdf", id, o.SignedAt.In(amsterdam).Format("2006-01-02"))
	if o.Revision > 0 {
		name = fmt.Sprintf("verslag-%d-%s-addendum-%d.pdf", id, o.SignedAt.In(amsterdam).Format("2006-01-02"), o.Revision)
	}
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	// The original never changes: its SHA-256 is a strong ETag. It holds case
	// data, so no cache keeps it.
	c.Header("ETag", `"`+o.SHA256+`"`)
	c.Header("Cache-Control", "private, no-store")
	c.Header("Content-Length", strconv.Itoa(len(o.PDF)))
	c.Data(http.StatusOK, "application/pdf", o.PDF)
}

// MinutesDocument turns signed content into the PDF's document of the full
// copy, translated into lang (the signed originals are Dutch).
func (s *Server) MinutesDocument(ctx context.Context, lang string, sg minutes.Signed) (pdfdoc.Minutes, error) {
	all := map[int64]bool{}
	for _, id := range sg.Content.CaseIDs() {
		all[id] = true
	}
	return s.minutesDocument(ctx, lang, sg, all)
}

// minutesDocument turns signed content into the PDF's document of the copy
// that shows the cases in visible in full, translated into lang; the items
// of other cases are redacted. The caller sets Copy and ContentHash.
func (s *Server) minutesDocument(ctx context.Context, lang string, sg minutes.Signed, visible map[int64]bool) (pdfdoc.Minutes, error) {
	t := func(key string) string { return s.pages.translate(lang, key) }
	ct := sg.Content
	doc := pdfdoc.Minutes{Site: s.cfg.SiteName, Title: t("minutes.title"), Series: ct.Conference.Series, StartsAt: ct.Conference.StartsAt,
		Location: ct.Conference.Location, Chair: ct.Conference.Chair, Secretary: ct.Conference.Secretary, Status: t("minutesstatus.signed"),
		ContentHash: sg.Hash, Created: *sg.SignedAt}
	for _, p := range ct.Attendance {
		doc.Attendance = append(doc.Attendance, pdfdoc.Attendee{Name: p.Name, Organisation: p.Organisation, Presence: t("presence." + p.Presence), Remark: p.Remark})
	}
	doc.Confidentiality = confidentialityOf(ct)
	redacted := false
	for _, it := range ct.Items {
		mi := pdfdoc.MinutesItem{Position: it.Position, Reference: it.Reference, Title: it.Title}
		if it.CaseID != 0 {
			if !visible[it.CaseID] {
				mi.Redacted, redacted = true, true
				doc.Items = append(doc.Items, mi)
				continue
			}
			mi.Theme = t("theme." + it.Theme)
			mi.Neighbourhood = it.Postcode + " " + it.Neighbourhood
		}
		mi.Kind, mi.Summary = t("kind."+it.Kind), it.Summary
		for _, a := range it.Answers {
			mi.Answers = append(mi.Answers, pdfdoc.Answer{Question: a.Question, Answer: a.Answer})
		}
		for _, d := range it.Decisions {
			dl := pdfdoc.DecisionLine{Text: d.Text, Kind: t("decisionkind." + d.Kind), Outcome: t("outcome." + d.Outcome), Resolution: d.Resolution}
			for _, p := range d.Positions {
				dl.Positions = append(dl.Positions, pdfdoc.PositionLine{Organisation: p.Organisation, Stance: t("stance." + p.Stance), Remark: p.Remark})
			}
			mi.Decisions = append(mi.Decisions, dl)
			if m := d.Mandate; m != nil {
				mi.Mandates = append(mi.Mandates, pdfdoc.MandateLine{Grantee: m.Grantee, Scope: m.Scope, Conditions: m.Conditions,
					ValidFrom: m.ValidFrom, ValidUntil: m.ValidUntil, Status: t("mandate.granted")})
			}
		}
		for _, a := range it.Actions {
			// The status of an action moves on after signing; the signed text holds what was agreed.
			mi.Actions = append(mi.Actions, pdfdoc.ActionLine{What: a.What, Owner: a.Owner, Due: a.Due})
		}
		doc.Items = append(doc.Items, mi)
	}
	doc.Redacted = redacted
	for _, a := range sg.Approvals {
		doc.Signatures = append(doc.Signatures, pdfdoc.SignatureLine{Role: t("signing.role." + string(a.Role)), Name: a.Name, ApprovedAt: a.ApprovedAt})
	}
	for _, ad := range sg.Addenda {
		if ad.SignedAt == nil {
			continue
		}
		var by []string
		for _, a := range ad.Approvals {
			by = append(by, a.Name)
		}
		doc.Addenda = append(doc.Addenda, pdfdoc.Addendum{Number: ad.Number, Text: ad.Text,
			Signed: fmt.Sprintf("%s %s (%s) · %s", t("minutesstatus.signed"), ad.SignedAt.In(amsterdam).Format("02-01-2006 15:04"), strings.Join(by, ", "), ad.Hash)})
	}
	return doc, nil
}

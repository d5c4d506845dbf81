package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/pdfdoc"
	"casusoverleg/internal/pdfsign"
	"casusoverleg/internal/signing"
	"casusoverleg/minutes"
)

// minutesPDF answers the signed minutes as a signed PDF. A reader who may not
// see every case gets a copy without those items' contents, signed as well and
// saying it is redacted.
func (s *Server) minutesPDF(c *gin.Context) {
	ctx := c.Request.Context()
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.agenda.Agenda(ctx, actor(c), id); err != nil { // members of the series only
		s.fail(c, err)
		return
	}
	sg, err := s.minutes.Signed(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	if sg.Status != minutes.RecordSigned {
		s.fail(c, &conference.ValidationError{Field: "minutes", Msg: "the minutes are not signed yet"})
		return
	}
	doc, redacted, err := s.MinutesDocument(c.Request.Context(), *currentUser(c), lang(c), sg)
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := pdfdoc.WriteMinutes(&buf, doc); err != nil {
		s.fail(c, err)
		return
	}
	u := currentUser(c)
	signed, err := pdfsign.Sign(buf.Bytes(), s.cfg.Signer, pdfsign.Info{Name: s.cfg.SiteName, Reason: signing.Reason(id, sg.Hash, redacted),
		Location: sg.Content.Conference.Location, Time: s.cfg.Now()})
	if err != nil {
		s.fail(c, err)
		return
	}
	detail := "signed minutes PDF"
	if redacted {
		detail += " (redacted for " + u.Email + ")"
	}
	s.record(c, audit.ActionExport, "minutes", id, detail)
	var shown []int64
	for _, it := range sg.Content.Items {
		if it.CaseID != 0 && !redactedItem(doc, it) {
			shown = append(shown, it.CaseID)
		}
	}
	// Like record: the export happened, so a failure to log it is logged.
	if err := s.recordAll(c, audit.ActionExport, "case", shown, "signed minutes PDF"); err != nil {
		logInternal(c, err)
	}
	name := fmt.Sprintf("verslag-%s.pdf", sg.Content.Conference.StartsAt.In(amsterdam).Format("2006-01-02"))
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Data(http.StatusOK, "application/pdf", signed)
}

// redactedItem reports whether the item's case is redacted in doc.
func redactedItem(doc pdfdoc.Minutes, it minutes.ContentItem) bool {
	for _, d := range doc.Items {
		if d.Reference == it.Reference && d.Position == it.Position {
			return d.Redacted
		}
	}
	return true
}

// MinutesDocument turns signed content into the PDF's document for user u,
// translated into lang, with the items of cases u may not see redacted. It
// reports whether anything was redacted.
func (s *Server) MinutesDocument(ctx context.Context, u conference.User, lang string, sg minutes.Signed) (pdfdoc.Minutes, bool, error) {
	t := func(key string) string { return s.pages.translate(lang, key) }
	n, err := s.loadNames(ctx, nil)
	if err != nil {
		return pdfdoc.Minutes{}, false, err
	}
	ct := sg.Content
	doc := pdfdoc.Minutes{Site: s.cfg.SiteName, Title: t("minutes.title"), Series: ct.Conference.Series, StartsAt: ct.Conference.StartsAt,
		Location: ct.Conference.Location, Chair: ct.Conference.Chair, Secretary: ct.Conference.Secretary, Status: t("minutesstatus.signed"),
		GeneratedFor: u.Name + ", " + n.OrgName(u.OrganisationID), ContentHash: sg.Hash, Created: *sg.SignedAt}
	for _, p := range ct.Attendance {
		doc.Attendance = append(doc.Attendance, pdfdoc.Attendee{Name: p.Name, Organisation: p.Organisation, Presence: t("presence." + p.Presence), Remark: p.Remark})
	}
	doc.Confidentiality = confidentialityOf(ct)
	var caseIDs []int64
	for _, it := range ct.Items {
		if it.CaseID != 0 {
			caseIDs = append(caseIDs, it.CaseID)
		}
	}
	visible, err := s.store.CanSeeCases(ctx, conference.ActorOf(&u), caseIDs)
	if err != nil {
		return pdfdoc.Minutes{}, false, err
	}
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
	return doc, redacted, nil
}

package web

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/ical"
	"casusoverleg/internal/pdfdoc"
)

// agendaPDF renders the agenda as the requesting user may see it: cases of
// other organisations show only their reference and "afgeschermd". It has
// the rule of the agenda page: before publication only the organisers (chair
// and secretary) get the agenda, marked CONCEPT on every page.
func (s *Server) agendaPDF(c *gin.Context) {
	ctx := c.Request.Context()
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	v, ok := s.agendaView(c, id)
	if !ok {
		return
	}
	if !v.Published && !v.Organiser {
		s.fail(c, conference.ErrForbidden)
		return
	}
	n, err := s.loadNames(ctx, ptrIDs(v.Conference.ChairID, v.Conference.SecretaryID))
	if err != nil {
		s.fail(c, err)
		return
	}
	u := currentUser(c)
	l := lang(c)
	doc := pdfdoc.Agenda{Site: s.cfg.SiteName, Title: s.pages.translate(l, "agenda.title"), Series: v.Series.Name,
		StartsAt: v.Conference.StartsAt, Location: v.Conference.Location, Chair: n.UserName(v.Conference.ChairID),
		Secretary: n.UserName(v.Conference.SecretaryID), DurationMinutes: v.Conference.DurationMinutes,
		GeneratedFor: u.Name + ", " + n.OrgName(u.OrganisationID), Created: s.cfg.Now(), Draft: !v.Published, Lang: l}
	for _, e := range v.Items {
		item := pdfdoc.AgendaItem{Position: e.Position, Redacted: e.Redacted(), Title: e.Title,
			PlannedMinutes: e.PlannedMinutes, StartsAt: e.StartsAt}
		if e.Case != nil {
			item.Reference = e.Case.Reference
		}
		if !e.Redacted() {
			item.Kind = s.pages.translate(l, "kind."+string(e.Kind))
			item.Reason = e.Reason
			if e.Case != nil {
				if e.Case.RepeatOf != nil {
					item.Kind += " · " + s.pages.translate(l, "persons.repeat")
				}
				item.Theme = s.pages.translate(l, "theme."+string(e.Case.Theme))
				item.Neighbourhood = e.Case.Postcode + " " + e.Case.Neighbourhood
			}
			for _, qs := range e.QuestionSets {
				set := pdfdoc.QuestionSet{Name: qs.NameIn(l)}
				for _, q := range qs.Questions {
					set.Questions = append(set.Questions, q.TextIn(l))
				}
				item.QuestionSets = append(item.QuestionSets, set)
			}
		}
		doc.Items = append(doc.Items, item)
	}
	var buf bytes.Buffer
	if err := pdfdoc.WriteAgenda(&buf, doc); err != nil {
		s.fail(c, err)
		return
	}
	s.record(c, audit.ActionExport, "conference", id, "agenda PDF")
	name := fmt.Sprintf("agenda-%s.pdf", v.Conference.StartsAt.In(amsterdam).Format("2006-01-02"))
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Data(http.StatusOK, "application/pdf", buf.Bytes())
}

// inviteICS answers a calendar invite for the meeting. It carries no case
// data at all, only the meeting and a link to the agenda. A cancelled
// meeting's invite cancels it (METHOD:CANCEL, STATUS:CANCELLED) with the
// higher SEQUENCE its cancellation gave it.
func (s *Server) inviteICS(c *gin.Context) {
	ctx := c.Request.Context()
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	v, err := s.agenda.Agenda(ctx, actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	conf := v.Conference
	n, err := s.loadNames(ctx, ptrIDs(conf.ChairID))
	if err != nil {
		s.fail(c, err)
		return
	}
	if conf.ChairID == nil {
		s.fail(c, &conference.ValidationError{Field: "chair_id", Msg: "the meeting needs a chair before an invite can be sent"})
		return
	}
	organizerEmail := n.users[*conf.ChairID].Email
	scheme := "http"
	if c.Request.TLS != nil {
		scheme = "https"
	}
	link := fmt.Sprintf("%s://%s/conferences/%d", scheme, c.Request.Host, conf.ID)
	ev := ical.Event{UID: fmt.Sprintf("conference-%d@casusoverleg", conf.ID), Summary: v.Series.Name,
		Description: s.pages.translate(lang(c), "agenda.ics_description") + "\n" + link,
		Location:    conf.Location, Start: conf.StartsAt, End: conf.EndsAt(), Stamp: s.cfg.Now(),
		Organizer: n.UserName(conf.ChairID), OrganizerEmail: organizerEmail, Sequence: conf.Version - 1,
		Cancelled: conf.Status == conference.StatusCancelled}
	var buf bytes.Buffer
	if err := ical.Write(&buf, "-//Casusoverleg//NL", ev); err != nil {
		s.fail(c, err)
		return
	}
	s.record(c, audit.ActionExport, "conference", id, "invite")
	name := fmt.Sprintf("%s-%s.ics", s.pages.translate(lang(c), "agenda.ics_file"), conf.StartsAt.In(amsterdam).Format("2006-01-02"))
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	method := "REQUEST"
	if ev.Cancelled {
		method = "CANCEL"
	}
	c.Data(http.StatusOK, "text/calendar; charset=utf-8; method="+method, buf.Bytes())
}

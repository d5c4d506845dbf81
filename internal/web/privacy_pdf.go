package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"casusoverleg/internal/audit"
	"casusoverleg/internal/pdfdoc"
	"casusoverleg/internal/privacy"
)

// privacyReportPDF answers the access report on person :id as a PDF in the
// page's language, to hand to the person who asked.
func (s *Server) privacyReportPDF(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	r, err := s.accessReport(c, id, audit.ActionExport, "pdf")
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := pdfdoc.WriteAccessReport(&buf, s.accessReportDoc(r, lang(c))); err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="inzage-%d-%s.pdf"`, id, r.Made.Format(dateLayout)))
	c.Data(http.StatusOK, "application/pdf", buf.Bytes())
}

// accessReportDoc lays the report out as the sections of the PDF.
func (s *Server) accessReportDoc(r privacy.Report, lang string) pdfdoc.AccessReport {
	t := func(key string) string { return s.pages.translate(lang, key) }
	day := func(tm *time.Time) string {
		if tm == nil {
			return "—"
		}
		return tm.Format("02-01-2006")
	}
	at := func(tm time.Time) string { return tm.In(amsterdam).Format("02-01-2006 15:04") }
	subject := ""
	if len(r.Persons) > 0 {
		p := r.Persons[0]
		subject = p.Initials + " " + p.Surname + ", " + day(p.BirthDate)
	}
	doc := pdfdoc.AccessReport{Site: s.cfg.SiteName, Title: t("privacy.report_title"), Lang: lang, Created: r.Made,
		Subtitle: subject + " · " + t("privacy.made_at") + " " + at(r.Made)}
	persons := pdfdoc.AccessSection{Title: t("privacy.persons"), Empty: t("privacy.none"),
		Columns: []pdfdoc.Column{{Header: t("persons.name")}, {Header: t("persons.birth_date")}, {Header: t("persons.bsn")},
			{Header: t("persons.postcode")}, {Header: t("persons.role")}}}
	for _, p := range r.Persons {
		persons.Rows = append(persons.Rows, pdfdoc.Texts(p.Initials+" "+p.Surname, day(p.BirthDate), dash(p.BSNMasked), dash(p.Postcode),
			t("personrole."+string(p.Role))))
	}
	doc.Sections = append(doc.Sections, persons)
	for _, cr := range r.Cases {
		cs := cr.Case
		sec := pdfdoc.AccessSection{Title: t("privacy.case") + " " + cs.Reference, Empty: t("privacy.none"),
			Pairs: []pdfdoc.Pair{{Key: t("cases.subject"), Value: dash(cs.Subject)}, {Key: t("cases.theme"), Value: t("theme." + string(cs.Theme))},
				{Key: t("cases.status"), Value: t("casestatus." + string(cs.Status))}, {Key: t("cases.neighbourhood"), Value: cs.Postcode + " " + cs.Neighbourhood}}}
		if cs.Summary != "" {
			sec.Paragraphs = append(sec.Paragraphs, cs.Summary)
		}
		sec.Columns = []pdfdoc.Column{{Header: t("privacy.when"), Width: 30}, {Header: t("privacy.what"), Width: 30}, {Header: t("privacy.text"), Width: 110}}
		for _, e := range cr.History {
			sec.Rows = append(sec.Rows, pdfdoc.Texts(at(e.At), t("timeline."+e.Kind), dash(e.Text)))
		}
		doc.Sections = append(doc.Sections, sec)
	}
	orgs := pdfdoc.AccessSection{Title: t("privacy.organisations"), Empty: t("privacy.none"),
		Columns: []pdfdoc.Column{{Header: t("privacy.case")}, {Header: t("privacy.organisation")}, {Header: t("privacy.basis")}}}
	for _, a := range r.Organisations {
		orgs.Rows = append(orgs.Rows, pdfdoc.Texts(a.CaseReference, a.Organisation, t("privacy.basis."+a.Basis)))
	}
	reads := pdfdoc.AccessSection{Title: t("privacy.reads"), Empty: t("privacy.no_reads"),
		Columns: []pdfdoc.Column{{Header: t("privacy.when")}, {Header: t("privacy.who")}, {Header: t("privacy.organisation")},
			{Header: t("privacy.case")}, {Header: t("audit.action")}}}
	for _, rd := range r.Reads {
		reads.Rows = append(reads.Rows, pdfdoc.Texts(at(rd.At), rd.UserEmail, dash(rd.Organisation), rd.CaseReference, t("action."+string(rd.Action))))
	}
	return pdfdoc.AccessReport{Site: doc.Site, Title: doc.Title, Subtitle: doc.Subtitle, Lang: doc.Lang, Created: doc.Created,
		Sections: append(doc.Sections, orgs, reads)}
}

// dash shows an empty value as a dash.
func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

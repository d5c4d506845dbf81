// Package demo fills a database with a realistic demo region: the partner
// organisations of a Zorg- en Veiligheidshuis, users with a known password,
// two meeting series, a meeting and cases from several neighbourhoods. It is
// idempotent: what exists (by name, e-mail or subject) is left alone.
package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"casusoverleg/conference"
)

// Password is the password of every demo user; the seed prints it.
const Password = "Casusoverleg-demo-2026"

type orgSpec struct {
	key  string
	name string
	kind conference.OrgKind
}

var orgs = []orgSpec{
	{"zvh", "Zorg- en Veiligheidshuis Maas en Leijgraaf", conference.OrgOther},
	{"gemeente", "Gemeente Oss", conference.OrgGemeente},
	{"politie", "Politie Oost-Brabant, basisteam Maas en Leijgraaf", conference.OrgPolitie},
	{"om", "Openbaar Ministerie Oost-Brabant", conference.OrgOM},
	{"reclassering", "Reclassering Nederland, team Oss", conference.OrgReclassering},
	{"rvdk", "Raad voor de Kinderbescherming", conference.OrgRvdK},
	{"vt", "Veilig Thuis Brabant Noordoost", conference.OrgVeiligThuis},
	{"ggz", "GGZ Oost Brabant", conference.OrgGGZ},
	{"wijkteam", "Sociaal wijkteam Oss-Noord", conference.OrgWijkteam},
	{"save", "SAVE-team Brabant Noordoost", conference.OrgSAVE},
	{"woning", "BrabantWonen", conference.OrgWoningcorporatie},
}

type userSpec struct {
	org, name, email string
	roles            []conference.Role
}

var users = []userSpec{
	{"zvh", "Anouk Beheer", "beheer@zvh.example.nl", []conference.Role{conference.RoleAdmin}},
	{"zvh", "Marieke van den Heuvel", "voorzitter@zvh.example.nl", []conference.Role{conference.RoleChair, conference.RoleParticipant}},
	{"zvh", "Jeroen Smits", "notulist@zvh.example.nl", []conference.Role{conference.RoleSecretary, conference.RoleParticipant}},
	{"gemeente", "Fatima El Amrani", "f.elamrani@oss.example.nl", []conference.Role{conference.RoleParticipant}},
	{"politie", "Tom Verhoeven", "t.verhoeven@politie.example.nl", []conference.Role{conference.RoleParticipant}},
	{"om", "mr. Sandra de Wit", "s.dewit@om.example.nl", []conference.Role{conference.RoleParticipant}},
	{"reclassering", "Kees van Dijk", "k.vandijk@reclassering.example.nl", []conference.Role{conference.RoleParticipant}},
	{"rvdk", "Lotte Jansen", "l.jansen@rvdk.example.nl", []conference.Role{conference.RoleParticipant}},
	{"vt", "Ilse Bakker", "i.bakker@veiligthuis.example.nl", []conference.Role{conference.RoleParticipant}},
	{"ggz", "Ruud Peters", "r.peters@ggz.example.nl", []conference.Role{conference.RoleParticipant}},
	{"wijkteam", "Esra Yilmaz", "e.yilmaz@wijkteam.example.nl", []conference.Role{conference.RoleParticipant}},
	{"save", "Noor Hendriks", "n.hendriks@save.example.nl", []conference.Role{conference.RoleParticipant}},
	{"woning", "Bas Willems", "b.willems@brabantwonen.example.nl", []conference.Role{conference.RoleParticipant}},
	// The municipality's policy officer: reports only, never a case.
	{"gemeente", "Sanne Vermeulen", "beleid@oss.example.nl", []conference.Role{conference.RolePolicyOfficer}},
	// The privacy officer (functionaris gegevensbescherming): access reports
	// on a person and the register of requests, never a case page.
	{"zvh", "Priya Ramdin", "fg@zvh.example.nl", []conference.Role{conference.RolePrivacyOfficer}},
}

type caseSpec struct {
	subject       string
	theme         conference.Theme
	pc4, wijk     string
	referrer      string
	involved      []string
	status        conference.CaseStatus
	summary       string
	reviewInWeeks int
}

var cases = []caseSpec{
	{"R. de G. (1991)", conference.ThemeReturn, "5342", "Schadewijk", "reclassering", []string{"gemeente", "politie", "om", "woning"},
		conference.CaseInProgress, "Komt over zes weken vrij na detentie. Huisvesting en werk nog niet geregeld; slachtoffer woont twee straten verderop. Gebiedsverbod wordt onderzocht.", 2},
	{"E. K. (1984)", conference.ThemeDomestic, "5345", "Krinkelhoek", "vt", []string{"wijkteam", "save", "rvdk", "reclassering", "politie"},
		conference.CaseInProgress, "Herhaald huiselijk geweld; vader onder toezicht reclassering. Afstemmen wat 'veilig' voor dit gezin betekent en wie welke opdracht heeft.", 1},
	{"M. A. (2004)", conference.ThemeRadicalisation, "5341", "Centrum", "gemeente", []string{"politie", "ggz"},
		conference.CaseReferred, "Signalen van radicalisering via school en buurtbewoners. Eerste bespreking.", 0},
	{"J. van B. (1979)", conference.ThemeCare, "5343", "Ruwaard", "woning", []string{"ggz", "wijkteam", "gemeente"},
		conference.CaseMonitoring, "Woonoverlast en verward gedrag; zorgmijdend. Huurachterstand opgelost, begeleiding loopt.", 4},
	{"D. S. (1998)", conference.ThemeHighImpact, "5348", "Ussen", "politie", []string{"om", "reclassering", "gemeente"},
		conference.CaseInProgress, "Top X-kandidaat: meerdere woninginbraken en een straatroof. Persoonsgerichte aanpak; meldplicht als lichte dwang besproken.", 2},
	{"T. L. (2011)", conference.ThemeYouth, "5351", "Berghem", "rvdk", []string{"wijkteam", "vt", "gemeente"},
		conference.CaseReferred, "Jongeren betrokken bij overlast rond het winkelcentrum; thuissituatie onduidelijk.", 1},
}

// Seed fills db (through store) with the demo region, prints the logins and
// which user may see which case to out. hash turns the demo password into a stored hash.
func Seed(ctx context.Context, store *conference.Store, hash func(string) (string, error), out io.Writer) error {
	orgIDs := map[string]int64{}
	existing, _, err := store.Organisations(ctx, "", conference.Page{Limit: conference.MaxLimit})
	if err != nil {
		return err
	}
	for _, spec := range orgs {
		idx := slices.IndexFunc(existing, func(o conference.Organisation) bool { return o.Name == spec.name })
		if idx >= 0 {
			orgIDs[spec.key] = existing[idx].ID
			continue
		}
		o := conference.Organisation{Name: spec.name, Kind: spec.kind}
		if err := store.CreateOrganisation(ctx, &o); err != nil {
			return fmt.Errorf("organisation %s: %w", spec.name, err)
		}
		orgIDs[spec.key] = o.ID
	}

	pw, err := hash(Password)
	if err != nil {
		return err
	}
	userIDs := map[string]int64{}
	for _, spec := range users {
		u, err := store.UserByEmail(ctx, spec.email)
		if errors.Is(err, conference.ErrNotFound) {
			u = conference.User{Name: spec.name, Email: spec.email, OrganisationID: orgIDs[spec.org], Roles: spec.roles, Active: true, PasswordHash: pw}
			err = store.CreateUser(ctx, &u)
		}
		if err != nil {
			return fmt.Errorf("user %s: %w", spec.email, err)
		}
		userIDs[spec.email] = u.ID
	}
	chair, secretary := userIDs["voorzitter@zvh.example.nl"], userIDs["notulist@zvh.example.nl"]

	all := make([]int64, 0, len(orgIDs))
	for _, id := range orgIDs {
		all = append(all, id)
	}
	seriesSpecs := []conference.Series{
		{Name: "Justitieel casusoverleg Oss", Description: "Wekelijks overleg van zorg- en veiligheidspartners over complexe casuïstiek in Oss.",
			DefaultLocation: "Zorg- en Veiligheidshuis, Oss", DefaultDurationMinutes: 150, MemberOrganisationIDs: all,
			Weekday: 1, StartTime: "09:30", Cadence: conference.Weekly},
		{Name: "Nazorg ex-gedetineerden", Description: "Terugkeer van justitiabelen: huisvesting, werk, slachtoffers en maatregelen.",
			DefaultLocation: "Gemeentehuis Oss, zaal 2.14", DefaultDurationMinutes: 90, Weekday: 2, StartTime: "11:30", Cadence: conference.Weekly,
			MemberOrganisationIDs: []int64{orgIDs["gemeente"], orgIDs["politie"], orgIDs["om"], orgIDs["reclassering"], orgIDs["woning"], orgIDs["zvh"]}},
	}
	allSeries, _, err := store.AllSeries(ctx, conference.Page{Limit: conference.MaxLimit})
	if err != nil {
		return err
	}
	for i := range seriesSpecs {
		sr := &seriesSpecs[i]
		sr.DefaultChairID, sr.DefaultSecretaryID = &chair, &secretary
		if idx := slices.IndexFunc(allSeries, func(x conference.Series) bool { return x.Name == sr.Name }); idx >= 0 {
			*sr = allSeries[idx]
			continue
		}
		if err := store.SaveSeries(ctx, sr); err != nil {
			return fmt.Errorf("series %s: %w", sr.Name, err)
		}
	}

	// Per series its next meeting (on its weekday and time, Amsterdam time) and the one a week before it.
	now := store.Now()
	for _, sr := range seriesSpecs {
		_, total, err := store.Conferences(ctx, conference.ConferenceFilter{SeriesID: sr.ID})
		if err != nil {
			return err
		}
		if total > 0 {
			continue
		}
		starts := sr.NextSlots(now, 1, conference.Local)[0]
		past := conference.Conference{SeriesID: sr.ID, StartsAt: starts.AddDate(0, 0, -7)}
		upcoming := conference.Conference{SeriesID: sr.ID, StartsAt: starts}
		for _, c := range []*conference.Conference{&past, &upcoming} {
			if err := store.CreateConference(ctx, c); err != nil {
				return fmt.Errorf("conference: %w", err)
			}
		}
		// Attendance is recorded while the meeting is open; then it is closed.
		if err := store.SetAttendance(ctx, past.ID, attendance(users, userIDs, sr.MemberOrganisationIDs, orgIDs)); err != nil {
			return fmt.Errorf("attendance: %w", err)
		}
		past.Status = conference.StatusClosed
		if err := store.UpdateConference(ctx, &past); err != nil {
			return fmt.Errorf("close the past meeting: %w", err)
		}
	}

	for _, spec := range cases {
		found, _, err := store.Cases(ctx, conference.System, conference.CaseFilter{Query: spec.subject})
		if err != nil {
			return err
		}
		if len(found) > 0 {
			continue
		}
		c := conference.Case{Subject: spec.subject, Theme: spec.theme, Postcode: spec.pc4, Neighbourhood: spec.wijk,
			ReferringOrganisationID: orgIDs[spec.referrer], Status: spec.status, Summary: spec.summary,
			Persons: households[spec.subject]}
		for _, k := range spec.involved {
			c.InvolvedOrganisationIDs = append(c.InvolvedOrganisationIDs, orgIDs[k])
		}
		if spec.reviewInWeeks > 0 {
			d := time.Date(now.Year(), now.Month(), now.Day()+7*spec.reviewInWeeks, 0, 0, 0, 0, time.UTC)
			c.ReviewDate = &d
		}
		if err := store.CreateCase(ctx, conference.System, &c); err != nil {
			return fmt.Errorf("case %s: %w", spec.subject, err)
		}
	}
	return printSummary(ctx, store, out)
}

// attendance lists the demo users of the member organisations: present, the
// housing corporation excused.
func attendance(specs []userSpec, userIDs map[string]int64, members []int64, orgIDs map[string]int64) []conference.Attendance {
	var out []conference.Attendance
	for _, u := range specs {
		if !slices.Contains(members, orgIDs[u.org]) || slices.Contains(u.roles, conference.RoleAdmin) ||
			slices.Contains(u.roles, conference.RolePolicyOfficer) || slices.Contains(u.roles, conference.RolePrivacyOfficer) {
			continue
		}
		p := conference.Present
		if u.org == "woning" {
			p = conference.Excused
		}
		out = append(out, conference.Attendance{UserID: userIDs[u.email], Presence: p})
	}
	return out
}

// printSummary prints the logins and, per user, the cases they may see in full.
func printSummary(ctx context.Context, store *conference.Store, out io.Writer) error {
	all, _, err := store.Users(ctx, conference.UserFilter{Page: conference.Page{Limit: conference.MaxLimit}})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Demo region ready. Every demo user logs in with the password %q.\n", Password)
	fmt.Fprintln(out, "Chair, secretary, admin and privacy officer set up a TOTP second factor at their first login.")
	fmt.Fprintln(out)
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "E-MAIL\tROLES\tCASES IN FULL (others: reference + afgeschermd)")
	for _, u := range all {
		visible, _, err := store.Cases(ctx, conference.ActorOf(&u), conference.CaseFilter{Page: conference.Page{Limit: conference.MaxLimit}})
		if err != nil {
			return err
		}
		refs := make([]string, len(visible))
		for i, c := range visible {
			refs[i] = c.Reference
		}
		slices.Sort(refs)
		roles := make([]string, len(u.Roles))
		for i, r := range u.Roles {
			roles[i] = string(r)
		}
		shown := strings.Join(refs, " ")
		if shown == "" {
			shown = "—"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", u.Email, strings.Join(roles, ","), shown)
	}
	return tw.Flush()
}

package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"casusoverleg/conference"
	"casusoverleg/internal/demo"
)

// TestJourneyKnownPerson: probation refers a household of two for the next
// meeting; one of them is the person of a police case probation is not
// involved in. Probation sees only that the person is known and that the
// chair will contact them; the chair sees the police case's reference,
// status and involved organisations on the proposal, and the new case page
// lists both persons with the BSN masked.
func TestJourneyKnownPerson(t *testing.T) {
	t.Parallel()
	r := startRegion(t)
	ctx := context.Background()
	conf := agendaDraftMeeting(t, r, agendaSeries)
	confPath := fmt.Sprintf("/conferences/%d", conf.ID)
	born := time.Date(1987, 2, 3, 0, 0, 0, 0, time.UTC)
	// The police case's main person, read from its subject, is completed.
	persons, err := r.Store.Persons(ctx, conference.System, r.PoliceCase.ID, false)
	if err != nil || len(persons) != 1 {
		t.Fatalf("police persons: %v %v", persons, err)
	}
	known := persons[0]
	known.Surname, known.BirthDate, known.BSN = "van der Linden", &born, "111222333"
	if err := r.Store.UpdatePerson(ctx, conference.System, &known); err != nil {
		t.Fatalf("police person: %v", err)
	}
	shots := new(int)
	var referral int64

	ok := agendaRunAs(t, r, "ProbationRefersHousehold", shots,
		journeyStep{"FillsTwoPersons", func(b *tab) {
			status := b.login(agendaProbationEmail, demo.Password)
			b.wantPage("/conferences", status, 200)
			status = b.open(confPath + "/propose")
			b.wantPage(confPath+"/propose", status, 200)
			b.check(`input[name="mode"][value="new"]`)
			b.fill("#p0-surname", "Linden, van der")
			b.fill("#p0-initials", "Pieter")
			b.choose("#p0-birth_date", "1987-02-03")
			b.choose("#p1-role", string(conference.RolePartner))
			b.fill("#p1-surname", "Smits")
			b.fill("#p1-initials", "A.")
			b.choose("#p1-birth_date", "1990-01-01")
			b.fill("#p1-bsn", "123456782")
			b.choose("#theme", string(conference.ThemeDomestic))
			b.fill("#postcode", "5346")
			b.fill("#neighbourhood", "Oss-Oost")
			b.fill("#reason", "Huiselijk geweld gemeld; partner vraagt hulp.")
			evalJS[[]string](b, agendaFillAnswersJS)
			b.look("referral-two-persons")
			status = b.click(`main form[action$="/items"] button[type=submit]`)
			b.wantPage(confPath, status, 200)
			b.look("referrer-known-person")
			b.wantText("Deze persoon is bekend bij het Zorg- en Veiligheidshuis; de voorzitter neemt contact op.", "P. van der L. (1987)")
			if body := b.bodyText(); strings.Contains(body, r.PoliceCase.Reference) {
				b.t.Errorf("the referrer sees the police case %s:\n%s", r.PoliceCase.Reference, body)
			}
			referral = evalJS[int64](b, `(() => { const a = document.querySelector('main .item a[href^="/cases/"]'); return a ? Number(a.getAttribute('href').split('/')[2]) : 0; })()`)
			if referral == 0 {
				b.t.Fatal("the proposal does not link to the new case")
			}
		}},
		journeyStep{"SeesBothPersonsOnTheCase", func(b *tab) {
			status := b.open(fmt.Sprintf("/cases/%d", referral))
			b.wantPage(`/cases/[0-9]+`, status, 200)
			b.look("case-persons")
			b.wantText("van der Linden", "Smits", "*****6782", "Partner")
			if strings.Contains(b.bodyText(), "123456782") {
				b.t.Error("the case page shows a BSN in full without being asked")
			}
		}},
	)
	if !ok {
		return
	}
	agendaRunAs(t, r, "ChairSeesMatch", shots,
		journeyStep{"ProposalShowsOtherCase", func(b *tab) {
			agendaChairLogin(b)
			status := b.open(confPath)
			b.wantPage(confPath, status, 200)
			b.look("chair-known-person")
			b.wantText("Bekende persoon", r.PoliceCase.Reference, "zelfde naam en geboortedatum", "aangemeld")
			if strings.Contains(b.bodyText(), "Deze persoon is bekend") {
				b.t.Error("the chair gets the referrer's notice instead of the match")
			}
		}},
	)
}

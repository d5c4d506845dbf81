package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/auth"
	"casusoverleg/internal/dbtest"
	"casusoverleg/internal/pdfsign"
	"casusoverleg/internal/tsatest"
	"casusoverleg/internal/web"
	"casusoverleg/minutes"
)

// foreignUser adds an organisation that is not a member of the env's series
// and a participant of it, with a token, under key.
func (e *env) foreignUser(t *testing.T, key string) {
	t.Helper()
	ctx := context.Background()
	org := conference.Organisation{Name: "Woonstichting", Kind: conference.OrgWoningcorporatie}
	if err := e.store.CreateOrganisation(ctx, &org); err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	u := conference.User{Name: key, Email: key + "@example.nl", OrganisationID: org.ID, Roles: []conference.Role{conference.RoleParticipant},
		Active: true, PasswordHash: hash}
	if err := e.store.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	plain, _, err := auth.NewTokens(e.db, dbtest.Now).Create(ctx, u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	e.users[key], e.tokens[key] = u, plain
}

func (e *env) minutesStore() *minutes.Store {
	ag := agenda.NewStore(e.db, dbtest.Now, e.store)
	return minutes.NewStore(e.db, dbtest.Now, e.store, ag)
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestSignedOriginals(t *testing.T) {
	e := newEnv(t)
	e.signedMeeting(t)
	ctx := context.Background()
	mins := e.minutesStore()

	// The copies were stored at the last approval, before any download.
	stored, err := mins.Originals(ctx, e.conf.ID)
	if err != nil {
		t.Fatal(err)
	}
	sg, err := mins.Signed(ctx, e.conf.ID)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]minutes.Original{}
	for _, o := range stored {
		kinds[o.Kind+":"+o.Organisations] = o
		if !o.SignedAt.Equal(*sg.SignedAt) || o.Revision != 0 || o.Level != "B-B" || len(o.SHA256) != 64 {
			t.Errorf("copy %+v: want signed at the approval %v, revision 0, B-B", o, *sg.SignedAt)
		}
	}
	// Police and GGZ each see one case of two; ZVH (the chair's organisation) sees none.
	full, police, ggz := kinds["full:"], kinds["redacted:Politie"], kinds["redacted:GGZ"]
	if len(stored) != 4 || full.ID == 0 || police.ID == 0 || ggz.ID == 0 {
		t.Fatalf("stored copies = %v, want the full one and one per view of Politie, GGZ and ZVH", kinds)
	}
	if full.ContentHash != sg.Hash || police.ContentHash == sg.Hash || police.ContentHash == ggz.ContentHash {
		t.Errorf("content hashes: full %s (minutes %s), police %s, ggz %s", full.ContentHash, sg.Hash, police.ContentHash, ggz.ContentHash)
	}

	t.Run("DownloadsAreTheStoredBytes", func(t *testing.T) {
		for user, want := range map[string]minutes.Original{"chair": full, "secretary": full, "officer": police, "nurse": ggz} {
			first, second := e.minutesPDF(t, user), e.minutesPDF(t, user)
			if !bytes.Equal(first, second) {
				t.Errorf("%s: two downloads differ", user)
			}
			if sum(first) != want.SHA256 {
				t.Errorf("%s got a copy with sha256 %s, want the stored %s copy %s", user, sum(first), want.Kind, want.SHA256)
			}
		}
	})

	t.Run("EachCopySaysWhichItIs", func(t *testing.T) {
		fullText := squash(pdfText(t, e.minutesPDF(t, "chair")))
		if !strings.Contains(fullText, "Exemplaarvolledig") || !strings.Contains(fullText, sg.Hash) {
			t.Errorf("the full copy does not say it is full or lacks its hash:\n%s", fullText)
		}
		policeText := squash(pdfText(t, e.minutesPDF(t, "officer")))
		if !strings.Contains(policeText, "afgeschermd,weergavevanPolitie") || !strings.Contains(policeText, police.ContentHash) {
			t.Errorf("the police copy does not name its view or its own hash:\n%s", policeText)
		}
		if strings.Contains(policeText, sg.Hash) {
			t.Error("the police copy shows the full copy's content hash")
		}
	})

	t.Run("SigningTimeIsTheApproval", func(t *testing.T) {
		res, err := pdfsign.Verify(e.minutesPDF(t, "officer"))
		if err != nil {
			t.Fatal(err)
		}
		if !res.SignedAt.Equal(sg.SignedAt.Truncate(time.Second)) || res.SubFilter != "ETSI.CAdES.detached" || res.Level != "B-B" {
			t.Errorf("signed at %v (%s, %s), want the approval %v, ETSI.CAdES.detached, B-B", res.SignedAt, res.SubFilter, res.Level, *sg.SignedAt)
		}
		if !pdfsig(t, e.minutesPDF(t, "nurse")) {
			t.Error("pdfsig does not call the GGZ copy valid")
		}
	})

	t.Run("ForbiddenForeignOrganisation", func(t *testing.T) {
		e.foreignUser(t, "corporation")
		if code, body := e.raw("corporation", "GET", fmt.Sprintf("/conferences/%d/minutes.pdf", e.conf.ID), ""); code != http.StatusForbidden {
			t.Errorf("an organisation outside the series: %d %.200s", code, body)
		}
	})

	t.Run("DownloadIsARead", func(t *testing.T) {
		// The officer downloaded the police copy above: the police case's
		// page lists that download among its reads, after the officer's
		// own view of the page itself.
		b := e.browserAs(t, "officer")
		p := b.get(fmt.Sprintf("/cases/%d", e.policeC.ID))
		reads := p.Body[strings.Index(p.Body, "Inzage (laatste 20)"):]
		if p.Code != http.StatusOK || !strings.Contains(reads, "ondertekend verslag (PDF)") {
			t.Errorf("the case page's reads lack the download of the signed minutes: %d %.1500s", p.Code, reads)
		}
	})

	t.Run("AddendumIsANewRevision", func(t *testing.T) {
		path := fmt.Sprintf("/api/v1/conferences/%d/addenda", e.conf.ID)
		res := e.api("secretary", "POST", path, map[string]any{"text": "Correctie: de termijn is vier weken."})
		if res.Code != http.StatusCreated {
			t.Fatalf("addendum: %d %s", res.Code, res.Body)
		}
		var ad minutes.Addendum
		res.JSON(t, &ad)
		for _, user := range []string{"chair", "secretary"} {
			if res := e.api(user, "POST", fmt.Sprintf("/api/v1/addenda/%d/approve", ad.ID), map[string]any{"password": testPassword}); res.Code != http.StatusOK {
				t.Fatalf("approve addendum as %s: %d %s", user, res.Code, res.Body)
			}
		}
		all, err := mins.Originals(ctx, e.conf.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 8 {
			t.Fatalf("%d copies after the addendum, want 4 of the minutes and 4 of revision 1", len(all))
		}
		pdf := e.minutesPDF(t, "officer")
		if !bytes.Equal(pdf, e.minutesPDF(t, "officer")) {
			t.Error("two downloads of revision 1 differ")
		}
		if text := pdfText(t, pdf); !strings.Contains(text, "de termijn is vier weken") || !strings.Contains(squash(text), "addendum1") {
			t.Errorf("the police copy of revision 1 lacks the addendum:\n%s", text)
		}
	})
}

// TestOriginalsLegacy covers minutes signed without copies (before they were
// stored): the first download makes the reader's copy once, signed with the
// approval time; later downloads return it.
func TestOriginalsLegacy(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.recordMinutes(t)
	conf := fmt.Sprintf("/api/v1/conferences/%d", e.conf.ID)
	if res := e.api("secretary", "POST", conf+"/minutes/finalise", map[string]any{"reason": "vastgesteld"}); res.Code != http.StatusOK {
		t.Fatalf("finalise: %d %s", res.Code, res.Body)
	}
	mins := e.minutesStore()
	for _, user := range []string{"chair", "secretary"} {
		u := e.users[user]
		if _, err := mins.Approve(ctx, conference.ActorOf(&u), u.Name, e.conf.ID, nil); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := mins.Originals(ctx, e.conf.ID); len(got) != 0 {
		t.Fatalf("%d copies stored without a sealer", len(got))
	}
	first := e.minutesPDF(t, "officer")
	if !bytes.Equal(first, e.minutesPDF(t, "officer")) {
		t.Fatal("two downloads differ")
	}
	stored, err := mins.Originals(ctx, e.conf.ID)
	if err != nil || len(stored) != 1 || stored[0].SHA256 != sum(first) {
		t.Fatalf("stored = %+v, %v; want the one copy downloaded", stored, err)
	}
}

func TestSealingWithTimestamp(t *testing.T) {
	tsa, err := tsatest.New(func() time.Time { return dbtest.Now().Add(2 * time.Second) })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tsa.Close)
	e := newEnvConfig(t, func(c *web.Config) { c.TSA = &pdfsign.TSAClient{URL: tsa.URL} })
	ctx := context.Background()
	e.recordMinutes(t)
	conf := fmt.Sprintf("/api/v1/conferences/%d", e.conf.ID)
	if res := e.api("secretary", "POST", conf+"/minutes/finalise", map[string]any{"reason": "vastgesteld"}); res.Code != http.StatusOK {
		t.Fatalf("finalise: %d %s", res.Code, res.Body)
	}
	if res := e.api("chair", "POST", conf+"/minutes/approve", map[string]any{"password": testPassword}); res.Code != http.StatusOK {
		t.Fatalf("approve as chair: %d %s", res.Code, res.Body)
	}
	mins := e.minutesStore()

	t.Run("ErrTimestampLeavesUnsigned", func(t *testing.T) {
		tsa.Fail(true)
		defer tsa.Fail(false)
		res := e.api("secretary", "POST", conf+"/minutes/approve", map[string]any{"password": testPassword})
		if res.Code != http.StatusServiceUnavailable || !strings.Contains(string(res.Body), "time-stamping authority") {
			t.Fatalf("approve with a failing TSA: %d %s", res.Code, res.Body)
		}
		sg, err := mins.Signed(ctx, e.conf.ID)
		if err != nil {
			t.Fatal(err)
		}
		stored, _ := mins.Originals(ctx, e.conf.ID)
		if sg.Status != minutes.RecordFinal || len(sg.Approvals) != 1 || len(stored) != 0 {
			t.Fatalf("after the failure: status %s, %d approvals, %d copies; want final, 1, 0", sg.Status, len(sg.Approvals), len(stored))
		}
		if code, _ := e.raw("chair", "GET", fmt.Sprintf("/conferences/%d/minutes.pdf", e.conf.ID), ""); code != http.StatusUnprocessableEntity {
			t.Errorf("download of unsigned minutes: %d", code)
		}
	})

	t.Run("RetrySignsBT", func(t *testing.T) {
		if res := e.api("secretary", "POST", conf+"/minutes/approve", map[string]any{"password": testPassword}); res.Code != http.StatusOK {
			t.Fatalf("approve again: %d %s", res.Code, res.Body)
		}
		res, err := pdfsign.Verify(e.minutesPDF(t, "officer"))
		if err != nil {
			t.Fatal(err)
		}
		if res.Level != "B-T" || !res.TimestampedAt.Equal(dbtest.Now().Add(2*time.Second).Truncate(time.Second)) {
			t.Errorf("level %s, timestamp %v; want B-T at the TSA's time", res.Level, res.TimestampedAt)
		}
		stored, _ := mins.Originals(ctx, e.conf.ID)
		for _, o := range stored {
			if o.Level != "B-T" || o.TimestampedAt == nil {
				t.Errorf("stored copy %d: level %s, timestamp %v", o.ID, o.Level, o.TimestampedAt)
			}
		}
	})
}

// squash drops white space, so that text wrapped over lines in a PDF is found.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }

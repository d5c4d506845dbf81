package e2e

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
	"casusoverleg/internal/auth"
	"casusoverleg/internal/dbtest"
	"casusoverleg/internal/demo"
	"casusoverleg/internal/web"
)

// The demo users the journeys log in as; each has the password demo.Password.
const (
	policeEmail = "t.verhoeven@politie.example.nl" // participant, police
	ggzEmail    = "r.peters@ggz.example.nl"        // participant, GGZ
	chairEmail  = "voorzitter@zvh.example.nl"      // chair (and participant), ZVH
)

// region is the real server on a random local port over a fresh database
// holding the demo region plus policeCase, a case that involves the police only.
type region struct {
	URL        string
	Store      *conference.Store
	Orgs       map[conference.OrgKind]conference.Organisation
	PoliceCase conference.Case
	DB         *gorm.DB
}

// startRegion seeds a fresh database and serves it until the test ends.
// The server runs on the real clock: TOTP codes and session expiry in a real
// browser need real time.
func startRegion(t *testing.T) *region {
	t.Helper()
	ctx := context.Background()
	db, srv, orgs := demoServer(t)
	r := &region{Store: srv.Store(), Orgs: orgs, DB: db}
	officer, err := r.Store.UserByEmail(ctx, policeEmail)
	if err != nil {
		t.Fatalf("demo user %s: %v", policeEmail, err)
	}
	r.PoliceCase = conference.Case{Subject: "P. van der L. (1987)", Theme: conference.ThemeHighImpact,
		Postcode: "5346", Neighbourhood: "Oss-Oost",
		Summary:                 "Bedreigt buren met een mes; een gebiedsverbod wordt voorbereid.",
		InvolvedOrganisationIDs: []int64{officer.OrganisationID}}
	if err := r.Store.CreateCase(ctx, conference.ActorOf(&officer), &r.PoliceCase); err != nil {
		t.Fatalf("police case: %v", err)
	}

	r.URL = serve(t, srv)
	return r
}

// demoServer seeds the demo region into a fresh database and builds the real
// server on it, on the real clock. It returns the database, the server and
// the first demo organisation of each kind.
func demoServer(t *testing.T) (*gorm.DB, *web.Server, map[conference.OrgKind]conference.Organisation) {
	t.Helper()
	ctx := context.Background()
	db := dbtest.Open(t)
	srv, err := web.New(web.Config{Now: time.Now, SiteName: "Zorg- en Veiligheidshuis Maas en Leijgraaf"}, db)
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	if err := demo.Seed(ctx, srv.Store(), auth.HashPassword, io.Discard); err != nil {
		t.Fatalf("demo.Seed: %v", err)
	}
	list, _, err := srv.Store().Organisations(ctx, "", conference.Page{Limit: conference.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	orgs := map[conference.OrgKind]conference.Organisation{}
	for _, o := range list {
		if _, seen := orgs[o.Kind]; !seen {
			orgs[o.Kind] = o
		}
	}
	return db, srv, orgs
}

// serve runs srv on a random local port until the test ends and returns its URL.
func serve(t *testing.T, srv http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := hs.Shutdown(sctx); err != nil {
			_ = hs.Close()
		}
		if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

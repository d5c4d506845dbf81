package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"casusoverleg/conference"
	"casusoverleg/internal/auth"
	"casusoverleg/internal/database"
	"casusoverleg/internal/dbtest"
	"casusoverleg/internal/web"
)

// twoServers is the env's server and a second app server on a pool of its
// own, as two servers behind a load balancer on one database are.
type twoServers struct {
	*env
	other *web.Server
	urls  [2]string
}

func newTwoServers(t *testing.T) *twoServers {
	t.Helper()
	e := newEnvOn(t, dbtest.OpenShared(t), nil)
	db, err := database.Open(context.Background(), dbtest.ConfigOf(e.db))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = database.Close(db) })
	other, err := web.New(web.Config{Now: e.now, SiteName: "ZVH Test"}, db)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(other)
	t.Cleanup(hs.Close)
	return &twoServers{env: e, other: other, urls: [2]string{e.http.URL, hs.URL}}
}

// get asks both servers for path, with the bearer token or the session
// cookie, and returns their status codes.
func (s *twoServers) get(path, bearer, cookie string) [2]int {
	s.t.Helper()
	var codes [2]int
	for i, base := range s.urls {
		req, err := http.NewRequest(http.MethodGet, base+path, nil)
		if err != nil {
			s.t.Fatal(err)
		}
		if bearer != "" {
			req.Header.Set("Authorization", "Bearer "+bearer)
		}
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			s.t.Fatal(err)
		}
		res.Body.Close()
		codes[i] = res.StatusCode
	}
	return codes
}

// want checks both servers' answers twice: the second time from what each
// cached the first time.
func (s *twoServers) want(what, path, bearer, cookie string, code int) {
	s.t.Helper()
	for range 2 {
		if got := s.get(path, bearer, cookie); got != [2]int{code, code} {
			s.t.Fatalf("%s: GET %s answered %v on the two servers, want %d on both", what, path, got, code)
		}
	}
}

// A revoked token, a deactivated user and a removed role are refused by the
// very next request on either server, though both had them cached.
func TestCacheRevocationAcrossServers(t *testing.T) {
	s := newTwoServers(t)
	ctx := context.Background()
	t.Run("TokenRevoked", func(t *testing.T) {
		tokens := auth.NewTokens(s.db, dbtest.Now)
		plain, tok, err := tokens.Create(ctx, s.users["nurse"].ID, "revoked soon")
		if err != nil {
			t.Fatal(err)
		}
		s.want("before", "/api/v1/me", plain, "", http.StatusOK)
		if err := tokens.Revoke(ctx, tok.ID); err != nil {
			t.Fatal(err)
		}
		s.want("revoked", "/api/v1/me", plain, "", http.StatusUnauthorized)
	})
	t.Run("UserDeactivated", func(t *testing.T) {
		s.want("before", "/api/v1/me", s.tokens["nurse"], "", http.StatusOK)
		u := s.users["nurse"]
		u.Active = false
		// Through the other server's store and pool.
		if err := s.other.Store().UpdateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		s.want("deactivated", "/api/v1/me", s.tokens["nurse"], "", http.StatusUnauthorized)
	})
	t.Run("RoleRemoved", func(t *testing.T) {
		s.want("before", "/api/v1/messages", s.tokens["admin"], "", http.StatusOK)
		u := s.users["admin"]
		u.Roles = []conference.Role{conference.RoleParticipant}
		if err := s.store.UpdateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		s.want("role removed", "/api/v1/messages", s.tokens["admin"], "", http.StatusForbidden)
	})
}

// A session logged out on one server is no session on the other, though the
// other had it cached; a session whose data changed is read anew.
func TestCacheSessionAcrossServers(t *testing.T) {
	s := newTwoServers(t)
	b := s.browser()
	b.login(s.users["officer"].Email)
	cookie := sessionCookie(t, b, s.http.URL)
	s.want("logged in", "/conferences", "", cookie, http.StatusOK)
	if p := b.post("/conferences", "/logout", url.Values{}); p.Code != http.StatusSeeOther {
		t.Fatalf("logout: %d", p.Code)
	}
	s.want("logged out", "/conferences", "", cookie, http.StatusSeeOther)
}

// A series that no longer has the organisation as member refuses it the
// meeting's agenda on both servers at once.
func TestCacheSeriesAcrossServers(t *testing.T) {
	s := newTwoServers(t)
	path := fmt.Sprintf("/api/v1/conferences/%d/agenda", s.conf.ID)
	s.want("member", path, s.tokens["nurse"], "", http.StatusOK)
	sr := s.series
	sr.MemberOrganisationIDs = slices.DeleteFunc(slices.Clone(sr.MemberOrganisationIDs), func(id int64) bool { return id == s.ggz.ID })
	if err := s.other.Store().SaveSeries(context.Background(), &sr); err != nil {
		t.Fatal(err)
	}
	s.want("no member", path, s.tokens["nurse"], "", http.StatusForbidden)
}

func sessionCookie(t *testing.T, b *browser, base string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base, nil)
	for _, c := range b.client.Jar.Cookies(req.URL) {
		if c.Name == "casusoverleg_session" {
			return c.Name + "=" + c.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}

// The names a page shows (organisations, users) come from the caches: a
// rename on one server shows on both at the next request.
func TestCacheNamesAcrossServers(t *testing.T) {
	s := newTwoServers(t)
	path := fmt.Sprintf("/conferences/%d", s.conf.ID)
	body := func(base string) string {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		req.Header.Set("Authorization", "Bearer "+s.tokens["officer"])
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		return string(b)
	}
	want := func(what string, names ...string) {
		t.Helper()
		for range 2 {
			for _, base := range s.urls {
				page := body(base)
				for _, n := range names {
					if !strings.Contains(page, n) {
						t.Fatalf("%s: the page of %s lacks %q", what, base, n)
					}
				}
			}
		}
	}
	want("before", s.ggz.Name, s.users["chair"].Name)
	s.want("an organisation that does not exist", "/api/v1/organisations/999999", s.tokens["admin"], "", http.StatusNotFound)
	s.want("one that does", fmt.Sprintf("/api/v1/organisations/%d", s.ggz.ID), s.tokens["admin"], "", http.StatusOK)
	ggz := s.ggz
	ggz.Name = "GGZ Oost-Brabant"
	if err := s.other.Store().UpdateOrganisation(context.Background(), &ggz); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Exec("UPDATE users SET name = ? WHERE id = ?", "Voorzitter Nieuw", s.users["chair"].ID).Error; err != nil {
		t.Fatal(err)
	}
	want("after the renames", "GGZ Oost-Brabant", "Voorzitter Nieuw")
}

package bench

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"casusoverleg/internal/audit"
	"casusoverleg/minutes"
)

// pdfAnchorLoad names the HTTP load of the bare download (pdfAnchor).
const pdfAnchorLoad = "bare stored-PDF download (audited)"

// pdfAnchor is the floor of a stored signed PDF's download on this machine
// (issue 15, point 5: "file serving plus need-to-know and audit"): a bare
// net/http handler that checks which cases on the minutes the reader's
// organisation is involved in (one statement, the anchor's EXISTS), makes
// sure that is the set its copy shows, reads the copy's bytes by id (a
// second statement), and answers them after one hash-chained audit event
// listing those cases, committed through the real audit log. It skips what
// the application adds: login, session, membership, the agenda grant, the
// description of the full copy, the second event that names the minutes.
type pdfAnchor struct {
	db                 *sql.DB
	visibleSQL, pdfSQL string
	log                *audit.Log
	// The reader and their copy.
	userID, orgID int64
	email         string
	original      int64
	cases         []string
}

// pdfAnchorOf is the bare download of the copy the participant's client
// gets at pdfURL (the signed minutes of the suite's signed meeting), for the
// participant.
func (s *Suite) pdfAnchorOf(ctx context.Context, client *http.Client, pdfURL string) (*pdfAnchor, error) {
	o, err := s.downloadedCopy(ctx, client, pdfURL)
	if err != nil {
		return nil, err
	}
	full, err := s.srv.Minutes().LatestFull(ctx, s.targets.Signed.ID)
	if err != nil {
		return nil, err
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(full.CaseIDs))
	for i, id := range full.CaseIDs {
		ids[i] = strconv.FormatInt(id, 10) // numbers, written into the statement once
	}
	visible := `SELECT count(*) FROM cases WHERE cases.id IN (` + strings.Join(ids, ",") + `) AND EXISTS (SELECT 1 FROM case_organisations
    WHERE case_organisations.case_id = cases.id AND case_organisations.organisation_id = ?)`
	pdf := "SELECT pdf FROM minutes_originals WHERE id = ?"
	if s.db.Dialector.Name() == "postgres" {
		visible, pdf = strings.Replace(visible, "?", "$1", 1), strings.Replace(pdf, "?", "$1", 1)
	}
	p := s.targets.Participant
	a := &pdfAnchor{db: sqlDB, visibleSQL: visible, pdfSQL: pdf, log: audit.New(s.db, nil), userID: p.ID, orgID: p.OrganisationID,
		email: p.Email, original: o.ID}
	for _, id := range o.CaseIDs {
		a.cases = append(a.cases, strconv.FormatInt(id, 10))
	}
	return a, nil
}

func (a *pdfAnchor) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var visible int
	if err := a.db.QueryRowContext(ctx, a.visibleSQL, a.orgID).Scan(&visible); err != nil || visible != len(a.cases) {
		http.Error(w, fmt.Sprintf("need-to-know: %d cases visible, the copy shows %d (%v)", visible, len(a.cases), err), http.StatusInternalServerError)
		return
	}
	var pdf []byte
	if err := a.db.QueryRowContext(ctx, a.pdfSQL, a.original).Scan(&pdf); err != nil {
		http.Error(w, "query", http.StatusInternalServerError)
		return
	}
	e := audit.Event{UserID: a.userID, UserEmail: a.email, OrganisationID: a.orgID, Action: audit.ActionExport,
		RecordType: "case", Records: a.cases, Detail: "anchor: signed minutes PDF", IP: r.RemoteAddr}
	if len(a.cases) == 0 {
		e.RecordID = "-"
	}
	if _, err := a.log.Record(ctx, e); err != nil {
		http.Error(w, "audit", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Length", strconv.Itoa(len(pdf)))
	_, _ = w.Write(pdf)
}

// downloadedCopy downloads url with client and returns the stored copy the
// answer is: the participant's, whose bytes the bare download then serves.
func (s *Suite) downloadedCopy(ctx context.Context, client *http.Client, url string) (minutes.Original, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return minutes.Original{}, err
	}
	res, err := client.Do(req)
	if err != nil {
		return minutes.Original{}, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return minutes.Original{}, err
	}
	if res.StatusCode != http.StatusOK {
		return minutes.Original{}, fmt.Errorf("signed minutes PDF: status %d", res.StatusCode)
	}
	sum := sha256.Sum256(body)
	return s.srv.Minutes().OriginalBySHA256(ctx, hex.EncodeToString(sum[:]))
}

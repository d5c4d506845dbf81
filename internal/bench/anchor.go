package bench

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"casusoverleg/internal/audit"
)

// anchorQuery is the agenda read by hand: the items of one meeting in order,
// each with its case, and the case's details only where the need-to-know
// rule's main part holds (the reader's organisation is involved: the same
// EXISTS the conference store's visible writes); the details of the others
// are dropped before they leave the handler. One statement.
const anchorQuery = `SELECT i.id, i.kind, i.status, i.title, i.position, i.planned_minutes,
  c.id, c.reference, c.subject, c.theme, c.neighbourhood, c.status,
  CASE WHEN c.id IS NULL THEN false ELSE EXISTS (SELECT 1 FROM case_organisations
    WHERE case_organisations.case_id = c.id AND case_organisations.organisation_id = ?) END
FROM agenda_items i
LEFT JOIN cases c ON c.id = i.case_id
WHERE i.conference_id = ? AND i.status = 'accepted'
ORDER BY i.position, i.id`

// anchorItem is one agenda item of the anchor's answer.
type anchorItem struct {
	ID             int64       `json:"id"`
	Kind           string      `json:"kind"`
	Status         string      `json:"status"`
	Title          string      `json:"title"`
	Position       int         `json:"position"`
	PlannedMinutes int         `json:"planned_minutes"`
	Case           *anchorCase `json:"case,omitempty"`
}

type anchorCase struct {
	ID            int64  `json:"id"`
	Reference     string `json:"reference"`
	Redacted      bool   `json:"redacted"`
	Subject       string `json:"subject,omitempty"`
	Theme         string `json:"theme,omitempty"`
	Neighbourhood string `json:"neighbourhood,omitempty"`
	Status        string `json:"status,omitempty"`
}

// anchor is the bare net/http handler the application's figures are compared
// with (issue 18): the agenda's work written by hand, with nothing of the
// application's but the audit chain. It reads the agenda of one meeting for
// one fixed reader in one SQL statement with the need-to-know EXISTS, appends
// one hash-chained audit event listing the cases shown in full (through the
// real audit log, with its per-record index, so the chain stays one and verifiable) and answers
// encoding/json only after that event is committed. It skips what the
// application adds around it: login, session or token, CSRF and headers,
// grants besides the organisation's involvement, the person matches.
type anchor struct {
	db    *sql.DB
	query string
	log   *audit.Log
	// The reader and the meeting.
	userID, orgID, conferenceID int64
	email                       string
}

func newAnchor(db *gorm.DB, log *audit.Log, userID, orgID int64, email string, conferenceID int64) (*anchor, error) {
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	q := anchorQuery
	if db.Dialector.Name() == "postgres" {
		q = strings.Replace(strings.Replace(q, "?", "$1", 1), "?", "$2", 1)
	}
	return &anchor{db: sqlDB, query: q, log: log, userID: userID, orgID: orgID, email: email, conferenceID: conferenceID}, nil
}

func (a *anchor) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rows, err := a.db.QueryContext(ctx, a.query, a.orgID, a.conferenceID)
	if err != nil {
		http.Error(w, "query", http.StatusInternalServerError)
		return
	}
	var items []anchorItem
	var shown []string
	for rows.Next() {
		var it anchorItem
		var caseID sql.NullInt64
		var ref, subject, theme, hood, status sql.NullString
		var ok bool
		if err := rows.Scan(&it.ID, &it.Kind, &it.Status, &it.Title, &it.Position, &it.PlannedMinutes,
			&caseID, &ref, &subject, &theme, &hood, &status, &ok); err != nil {
			rows.Close()
			http.Error(w, "scan", http.StatusInternalServerError)
			return
		}
		if caseID.Valid {
			it.Case = &anchorCase{ID: caseID.Int64, Reference: ref.String, Redacted: !ok}
			if ok {
				it.Case.Subject, it.Case.Theme, it.Case.Neighbourhood, it.Case.Status = subject.String, theme.String, hood.String, status.String
				shown = append(shown, strconv.FormatInt(caseID.Int64, 10))
			}
		}
		items = append(items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		http.Error(w, "rows", http.StatusInternalServerError)
		return
	}
	// One event for the request listing the cases shown, committed before the
	// answer: as the application logs it, so a case's reads find it too.
	e := audit.Event{UserID: a.userID, UserEmail: a.email, OrganisationID: a.orgID, Action: audit.ActionView,
		RecordType: "case", Records: shown, Detail: "anchor: agenda", IP: r.RemoteAddr}
	if len(shown) == 0 {
		e.RecordID = "-"
	}
	if _, err := a.log.Record(ctx, e); err != nil {
		http.Error(w, "audit", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if err := json.NewEncoder(w).Encode(map[string]any{"conference_id": a.conferenceID, "items": items}); err != nil {
		fmt.Println("anchor:", err)
	}
}

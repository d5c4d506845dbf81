package benchdata

import "time"

// The rows below mirror the columns of the domain packages' tables that the
// generator fills. They are written only here, in bulk; the generator's test
// reads everything back through the domain stores, which catches a drift.

type conferenceRow struct {
	ID              int64
	SeriesID        int64
	StartsAt        time.Time
	DurationMinutes int
	Location        string
	ChairID         *int64
	SecretaryID     *int64
	Status          string
	Version         int
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

func (conferenceRow) TableName() string { return "conferences" }

type caseRow struct {
	ID                      int64
	Year                    int
	Seq                     int
	Reference               string
	Subject                 string
	Theme                   string
	Postcode                string
	Neighbourhood           string
	ReferringOrganisationID int64
	CaseDirectorID          *int64
	Status                  string
	Summary                 string
	ReviewDate              *time.Time
	ClosedAt                *time.Time
	Outcome                 string
	ClosingReason           string
	RepeatOf                *time.Time
	Version                 int
	CreatedAt               time.Time
	UpdatedAt               time.Time
}

func (caseRow) TableName() string { return "cases" }

type caseOrgRow struct {
	CaseID         int64
	OrganisationID int64
}

func (caseOrgRow) TableName() string { return "case_organisations" }

type attendanceRow struct {
	ConferenceID   int64
	UserID         int64
	OrganisationID int64
	Presence       string
	Remark         string
}

func (attendanceRow) TableName() string { return "attendances" }

type itemRow struct {
	ID               int64
	ConferenceID     int64
	CaseID           *int64
	Title            string
	Kind             string
	Status           string
	Reason           string
	DecisionNote     string
	ProposedByID     *int64
	ProposingOrgID   int64
	RequestedMinutes int
	PlannedMinutes   int
	Position         int
	AutoAdded        bool
	DeferredToID     *int64
	Answers          string
	Version          int
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

func (itemRow) TableName() string { return "agenda_items" }

type itemSetRow struct {
	ItemID        int64
	QuestionSetID int64
	Position      int
}

func (itemSetRow) TableName() string { return "agenda_item_question_sets" }

type recordRow struct {
	ConferenceID int64
	Status       string
	FinalisedAt  *time.Time
	FinalisedBy  *int64
}

func (recordRow) TableName() string { return "minutes_records" }

type itemRecordRow struct {
	ItemID       int64
	ConferenceID int64
	CaseID       *int64
	Summary      string
	Answers      string
	Version      int
	UpdatedBy    int64
	UpdatedAt    time.Time
}

func (itemRecordRow) TableName() string { return "item_records" }

type decisionRow struct {
	ID           int64
	ItemID       int64
	ConferenceID int64
	CaseID       *int64
	Text         string
	Kind         string
	Outcome      string
	Resolution   string
	ResolvedAt   *time.Time
	CreatedBy    int64
	CreatedAt    time.Time
}

func (decisionRow) TableName() string { return "decisions" }

type positionRow struct {
	DecisionID     int64
	OrganisationID int64
	Stance         string
	Remark         string
}

func (positionRow) TableName() string { return "decision_positions" }

type actionRow struct {
	ID                  int64
	ItemID              int64
	ConferenceID        int64
	CaseID              *int64
	What                string
	OwnerOrganisationID int64
	OwnerUserID         *int64
	DueDate             time.Time
	DoneAt              *time.Time
	DoneNote            string
	DoneBy              *int64
	CreatedAt           time.Time
}

func (actionRow) TableName() string { return "actions" }

type mandateRow struct {
	ID                    int64
	DecisionID            int64
	ConferenceID          int64
	CaseID                int64
	GranteeOrganisationID int64
	GranteeUserID         *int64
	Scope                 string
	Conditions            string
	ValidFrom             time.Time
	ValidUntil            time.Time
	CreatedAt             time.Time
}

func (mandateRow) TableName() string { return "mandates" }

type quickActionRow struct {
	ID        int64
	MandateID int64
	TakenAt   time.Time
	What      string
	ByUserID  int64
	LoggedAt  time.Time
}

func (quickActionRow) TableName() string { return "quick_actions" }

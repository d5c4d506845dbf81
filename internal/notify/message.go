package notify

import (
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// Status is where a message stands.
type Status string

// The statuses of a message.
const (
	// StatusPending: waiting to be sent (or for the recipient's digest hour, or a retry).
	StatusPending Status = "pending"
	// StatusSent: accepted by the SMTP server.
	StatusSent Status = "sent"
	// StatusKept: no SMTP server is configured; logged and kept for the admin.
	StatusKept Status = "kept"
	// StatusFailed: refused MaxAttempts times; the admin sees the last error.
	StatusFailed Status = "failed"
)

// Message is one notification to one user, as stored in the outbox.
type Message struct {
	ID        int64                `json:"id"`
	Kind      conference.EventKind `json:"kind"`
	UserID    int64                `json:"user_id"`
	To        string               `json:"to"`
	Language  string               `json:"language"`
	Subject   string               `json:"subject"`
	Body      string               `json:"body"`
	Reference string               `json:"reference,omitempty"`
	Link      string               `json:"link"`
	// Calendar is the attached iCalendar invite, empty when there is none.
	Calendar       string     `json:"calendar,omitempty"`
	CalendarMethod string     `json:"calendar_method,omitempty"`
	Digest         bool       `json:"digest"`
	Status         Status     `json:"status"`
	Attempts       int        `json:"attempts"`
	NextAttemptAt  time.Time  `json:"next_attempt_at"`
	LastError      string     `json:"last_error,omitempty"`
	SentAt         *time.Time `json:"sent_at,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
}

// messageRow is one outbox row. DedupeKey is set for time-based messages,
// so that the same reminder is written once however often the job runs.
type messageRow struct {
	ID             int64     `gorm:"primaryKey"`
	Kind           string    `gorm:"size:40;not null;index"`
	UserID         int64     `gorm:"not null;index"`
	ToAddress      string    `gorm:"size:254;not null"`
	Language       string    `gorm:"size:2;not null"`
	Subject        string    `gorm:"size:300;not null"`
	Body           string    `gorm:"type:text;not null"`
	Reference      string    `gorm:"size:20"`
	Link           string    `gorm:"size:500"`
	Calendar       string    `gorm:"type:text"`
	CalendarMethod string    `gorm:"size:10"`
	DedupeKey      *string   `gorm:"size:120;uniqueIndex"`
	Digest         bool      `gorm:"not null"`
	Status         string    `gorm:"size:10;not null;index:idx_messages_due,priority:1"`
	Attempts       int       `gorm:"not null"`
	NextAttemptAt  time.Time `gorm:"not null;index:idx_messages_due,priority:2"`
	ClaimedBy      string    `gorm:"size:40"`
	ClaimedUntil   *time.Time
	LastError      string `gorm:"size:500"`
	SentAt         *time.Time
	CreatedAt      time.Time `gorm:"not null"`
}

func (messageRow) TableName() string { return "messages" }

func (r messageRow) domain() Message {
	return Message{ID: r.ID, Kind: conference.EventKind(r.Kind), UserID: r.UserID, To: r.ToAddress, Language: r.Language,
		Subject: r.Subject, Body: r.Body, Reference: r.Reference, Link: r.Link, Calendar: r.Calendar,
		CalendarMethod: r.CalendarMethod, Digest: r.Digest, Status: Status(r.Status), Attempts: r.Attempts,
		NextAttemptAt: r.NextAttemptAt, LastError: r.LastError, SentAt: r.SentAt, CreatedAt: r.CreatedAt}
}

// settingsRow holds one user's choices; a user without a row gets the defaults.
type settingsRow struct {
	UserID     int64  `gorm:"primaryKey;autoIncrement:false"`
	Language   string `gorm:"size:2;not null"`
	Off        string `gorm:"size:500;not null"` // ",kind,kind," switched off
	Digest     bool   `gorm:"not null"`
	DigestHour int    `gorm:"not null"`
	UpdatedAt  time.Time
}

func (settingsRow) TableName() string { return "notification_settings" }

// leaseRow lets one app server at a time run a job.
type leaseRow struct {
	Name   string    `gorm:"primaryKey;size:40"`
	Holder string    `gorm:"size:40;not null"`
	Until  time.Time `gorm:"not null"`
}

func (leaseRow) TableName() string { return "job_leases" }

// MigrateSchema creates the outbox, the settings and the job lease tables.
func MigrateSchema(tx *gorm.DB) error {
	return tx.AutoMigrate(&messageRow{}, &settingsRow{}, &leaseRow{})
}

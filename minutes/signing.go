package minutes

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"casusoverleg/conference"
)

// RecordSigned is the state of minutes approved by chair and secretary:
// immutable, with their content and its hash stored.
const RecordSigned RecordStatus = "signed"

// Role is in which capacity someone approves: chair or secretary.
type Role string

// The two approving roles.
const (
	RoleChair     Role = "chair"
	RoleSecretary Role = "secretary"
)

// Approval is one signatory's approval.
type Approval struct {
	Role       Role      `json:"role"`
	UserID     int64     `json:"user_id"`
	Name       string    `json:"name"`
	ApprovedAt time.Time `json:"approved_at"`
}

// Signed is a conference's signed minutes: the content that was signed, its
// hash and the approvals.
type Signed struct {
	ConferenceID int64        `json:"conference_id"`
	Status       RecordStatus `json:"status"`
	Hash         string       `json:"hash,omitempty"`
	Content      *Content     `json:"content,omitempty"`
	SignedAt     *time.Time   `json:"signed_at,omitempty"`
	Approvals    []Approval   `json:"approvals"`
	Addenda      []Addendum   `json:"addenda"`
	// Destroyed: the signed content and its copies were destroyed under the
	// retention rule (a case in them reached the end of its period); only
	// the hashes remain, and Content is nil.
	Destroyed bool `json:"destroyed,omitempty"`
}

// Addendum is a correction after signing, approved and signed the same way.
type Addendum struct {
	ID           int64      `json:"id"`
	ConferenceID int64      `json:"conference_id"`
	Number       int        `json:"number"`
	Text         string     `json:"text"`
	CreatedBy    int64      `json:"created_by"`
	CreatedAt    time.Time  `json:"created_at"`
	Approvals    []Approval `json:"approvals"`
	Hash         string     `json:"hash,omitempty"`
	SignedAt     *time.Time `json:"signed_at,omitempty"`
}

type signedRow struct {
	ConferenceID int64  `gorm:"primaryKey;autoIncrement:false"`
	Hash         string `gorm:"size:64;not null"`
	Content      string `gorm:"type:text;not null"`
	SignedAt     time.Time
}

func (signedRow) TableName() string { return "minutes_signed" }

// approvalRow is an approval of the minutes (addendum 0) or of an addendum.
type approvalRow struct {
	ConferenceID int64  `gorm:"primaryKey;autoIncrement:false"`
	AddendumID   int64  `gorm:"primaryKey;autoIncrement:false"`
	Role         string `gorm:"primaryKey;size:20"`
	UserID       int64  `gorm:"not null"`
	Name         string `gorm:"size:200;not null"`
	ApprovedAt   time.Time
}

func (approvalRow) TableName() string { return "minutes_approvals" }

type addendumRow struct {
	ID           int64  `gorm:"primaryKey"`
	ConferenceID int64  `gorm:"not null;uniqueIndex:idx_addendum_number,priority:1"`
	Number       int    `gorm:"not null;uniqueIndex:idx_addendum_number,priority:2"`
	Text         string `gorm:"type:text;not null"`
	CreatedBy    int64
	CreatedAt    time.Time
	Hash         string `gorm:"size:64"`
	SignedAt     *time.Time
}

func (addendumRow) TableName() string { return "minutes_addenda" }

// MigrateSigning creates the tables of signed minutes, approvals and addenda.
func MigrateSigning(tx *gorm.DB) error {
	return tx.AutoMigrate(&signedRow{}, &approvalRow{}, &addendumRow{})
}

// rolesOf returns the roles in which a may approve conf's minutes.
func rolesOf(a conference.Actor, conf conference.Conference) []Role {
	var roles []Role
	if conf.ChairID != nil && *conf.ChairID == a.UserID {
		roles = append(roles, RoleChair)
	}
	if conf.SecretaryID != nil && *conf.SecretaryID == a.UserID {
		roles = append(roles, RoleSecretary)
	}
	return roles
}

// Approve records a's approval of final minutes, as chair and/or secretary.
// The caller has checked a's password or TOTP code again. When both have
// approved, the minutes are signed: their canonical content and its SHA-256
// are stored, the meeting's status becomes signed, and nothing can change.
// At that last approval seal renders and signs the copies (signing time: the
// approval), which are stored in the same transaction; when seal fails,
// nothing is stored, the approval included, and the error is returned. A nil
// seal stores no copies (they are made at the first download instead).
// Returns ErrForbidden for anyone but the chair and the secretary, a
// ValidationError when the minutes are not final or signed already, and
// ErrConflict when the other approval arrived while the copies were made.
func (s *Store) Approve(ctx context.Context, a conference.Actor, name string, conferenceID int64, seal Sealer) (Signed, error) {
	conf, err := s.cases.Conference(ctx, conferenceID)
	if err != nil {
		return Signed{}, err
	}
	roles := rolesOf(a, conf)
	if len(roles) == 0 {
		return Signed{}, fmt.Errorf("only the chair and the secretary approve the minutes: %w", ErrForbidden)
	}
	st, err := s.Status(ctx, conferenceID)
	if err != nil {
		return Signed{}, err
	}
	switch st {
	case RecordDraft:
		return Signed{}, &conference.ValidationError{Field: "minutes", Msg: "the secretary must make the minutes final first"}
	case RecordSigned:
		return Signed{}, &conference.ValidationError{Field: "minutes", Msg: "the minutes are signed already"}
	}
	// The content is built before the transaction: SQLite has one connection.
	content, err := s.buildContent(ctx, conferenceID)
	if err != nil {
		return Signed{}, err
	}
	now := s.now()
	held, err := approvalsOf(s.db.WithContext(ctx), conferenceID)
	if err != nil {
		return Signed{}, err
	}
	hash := content.Hash()
	pending := Signed{ConferenceID: conferenceID, Status: RecordSigned, Hash: hash, Content: &content, SignedAt: &now,
		Approvals: withApprovals(held[0], roles, a.UserID, name, now), Addenda: []Addendum{}}
	copies, err := sealIfLast(ctx, seal, held[0], roles, pending, 0)
	if err != nil {
		return Signed{}, err
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, r := range roles {
			row := approvalRow{ConferenceID: conferenceID, Role: string(r), UserID: a.UserID, Name: name, ApprovedAt: now}
			if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error; err != nil {
				return dbError(err, "approval")
			}
		}
		var n int64
		if err := tx.Model(&approvalRow{}).Where("conference_id = ? AND addendum_id = 0", conferenceID).Count(&n).Error; err != nil {
			return dbError(err, "approvals")
		}
		if n < 2 {
			return nil
		}
		if seal != nil && copies == nil {
			return fmt.Errorf("the other approval arrived meanwhile; approve again: %w", ErrConflict)
		}
		b, _ := json.Marshal(content) // see Content.Hash
		if err := tx.Create(&signedRow{ConferenceID: conferenceID, Hash: hash, Content: string(b), SignedAt: now}).Error; err != nil {
			return dbError(err, "signed minutes")
		}
		if err := insertOriginals(tx, copies, now); err != nil {
			return err
		}
		if err := tx.Model(&recordRow{}).Where("conference_id = ?", conferenceID).Update("status", RecordSigned).Error; err != nil {
			return dbError(err, "minutes")
		}
		conf.Status = conference.StatusSigned
		return s.cases.WithDB(tx).UpdateConference(ctx, &conf)
	})
	if err != nil {
		return Signed{}, err
	}
	return s.Signed(ctx, conferenceID)
}

// Signed returns the signing state of a conference's minutes: approvals so
// far, and once signed the stored content, its hash and the addenda.
// Returns only database errors, and an error when the stored content no longer matches its hash.
func (s *Store) Signed(ctx context.Context, conferenceID int64) (Signed, error) {
	db := s.db.WithContext(ctx)
	st, err := status(db, conferenceID)
	if err != nil {
		return Signed{}, err
	}
	out := Signed{ConferenceID: conferenceID, Status: st, Approvals: []Approval{}, Addenda: []Addendum{}}
	approvals, err := approvalsOf(db, conferenceID)
	if err != nil {
		return Signed{}, err
	}
	out.Approvals = nonNil(approvals[0])
	if st != RecordSigned {
		return out, nil
	}
	var row signedRow
	if err := db.First(&row, "conference_id = ?", conferenceID).Error; err != nil {
		return Signed{}, dbError(err, "signed minutes")
	}
	if row.Content == "" {
		signedAt := row.SignedAt
		out.Hash, out.SignedAt, out.Destroyed = row.Hash, &signedAt, true
		return out, nil
	}
	var c Content
	if err := json.Unmarshal([]byte(row.Content), &c); err != nil {
		return Signed{}, fmt.Errorf("signed minutes %d: %w", conferenceID, err)
	}
	if c.Hash() != row.Hash {
		return Signed{}, fmt.Errorf("signed minutes %d: stored content does not match its hash", conferenceID)
	}
	signedAt := row.SignedAt
	out.Content, out.Hash, out.SignedAt = &c, row.Hash, &signedAt
	var rows []addendumRow
	if err := db.Where("conference_id = ?", conferenceID).Order("number").Find(&rows).Error; err != nil {
		return Signed{}, dbError(err, "addenda")
	}
	for _, r := range rows {
		out.Addenda = append(out.Addenda, Addendum{ID: r.ID, ConferenceID: r.ConferenceID, Number: r.Number, Text: r.Text,
			CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt, Hash: r.Hash, SignedAt: r.SignedAt, Approvals: nonNil(approvals[r.ID])})
	}
	return out, nil
}

// withApprovals is held with a's approvals in roles at now added, in the
// order Signed lists them.
func withApprovals(held []Approval, roles []Role, userID int64, name string, at time.Time) []Approval {
	out := append([]Approval{}, held...)
	for _, r := range roles {
		if !slices.ContainsFunc(out, func(x Approval) bool { return x.Role == r }) {
			out = append(out, Approval{Role: r, UserID: userID, Name: name, ApprovedAt: at})
		}
	}
	slices.SortStableFunc(out, func(x, y Approval) int {
		if c := x.ApprovedAt.Compare(y.ApprovedAt); c != 0 {
			return c
		}
		return strings.Compare(string(x.Role), string(y.Role))
	})
	return out
}

func approvalsOf(db *gorm.DB, conferenceID int64) (map[int64][]Approval, error) {
	var rows []approvalRow
	if err := db.Where("conference_id = ?", conferenceID).Order("approved_at, role").Find(&rows).Error; err != nil {
		return nil, dbError(err, "approvals")
	}
	out := map[int64][]Approval{}
	for _, r := range rows {
		out[r.AddendumID] = append(out[r.AddendumID], Approval{Role: Role(r.Role), UserID: r.UserID, Name: r.Name, ApprovedAt: r.ApprovedAt})
	}
	return out, nil
}

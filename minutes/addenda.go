package minutes

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"casusoverleg/conference"
)

// AddAddendum adds a correction to signed minutes. The secretary writes it;
// it is signed once chair and secretary approve it (ApproveAddendum).
// Returns conference.ErrNotFound when there is no such conference, ErrForbidden when a is not its
// secretary, and a conference.ValidationError when the minutes are not signed or the text is
// missing or too long.
func (s *Store) AddAddendum(ctx context.Context, a conference.Actor, conferenceID int64, text string) (Addendum, error) {
	conf, err := s.cases.Conference(ctx, conferenceID)
	if err != nil {
		return Addendum{}, err
	}
	if conf.SecretaryID == nil || *conf.SecretaryID != a.UserID {
		return Addendum{}, fmt.Errorf("only the secretary writes an addendum: %w", ErrForbidden)
	}
	text = strings.TrimSpace(text)
	var errs conference.ValidationErrors
	if st, err := s.Status(ctx, conferenceID); err != nil {
		return Addendum{}, err
	} else if st != RecordSigned {
		errs.Add("minutes", "an addendum corrects signed minutes; these are not signed yet")
	}
	if text == "" || len(text) > 10000 {
		errs.Add("text", "is required (at most 10000 characters)")
	}
	if err := errs.Err(); err != nil {
		return Addendum{}, err
	}
	var out Addendum
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		n, err := conference.NextNumber(tx, fmt.Sprintf("addendum:%d", conferenceID),
			"SELECT COUNT(*) FROM minutes_addenda WHERE conference_id = ?", conferenceID)
		if err != nil {
			return err
		}
		row := addendumRow{ConferenceID: conferenceID, Number: n, Text: text, CreatedBy: a.UserID, CreatedAt: s.now()}
		if err := tx.Create(&row).Error; err != nil {
			return dbError(err, "addendum")
		}
		out = Addendum{ID: row.ID, ConferenceID: conferenceID, Number: row.Number, Text: text, CreatedBy: a.UserID, CreatedAt: row.CreatedAt, Approvals: []Approval{}}
		return nil
	})
	return out, err
}

// ApproveAddendum records a's approval of an addendum; with both approvals it
// is signed: its hash chains the minutes' hash, its number and its text.
// Like Approve, the last approval has seal make the copies of the minutes
// with this addendum (revision: its number), stored in the same transaction.
// Returns ErrNotFound when there is no such addendum, ErrForbidden when a neither chairs nor takes
// the minutes of its meeting, a conference.ValidationError when it is signed already, and
// ErrConflict when the other approval arrived while the copies were made.
func (s *Store) ApproveAddendum(ctx context.Context, a conference.Actor, name string, addendumID int64, seal Sealer) (Addendum, error) {
	db := s.db.WithContext(ctx)
	var row addendumRow
	if err := db.First(&row, addendumID).Error; err != nil {
		return Addendum{}, dbError(err, "addendum")
	}
	conf, err := s.cases.Conference(ctx, row.ConferenceID)
	if err != nil {
		return Addendum{}, err
	}
	roles := rolesOf(a, conf)
	if len(roles) == 0 {
		return Addendum{}, fmt.Errorf("only the chair and the secretary approve an addendum: %w", ErrForbidden)
	}
	if row.SignedAt != nil {
		return Addendum{}, &conference.ValidationError{Field: "addendum", Msg: "the addendum is signed already"}
	}
	var signed signedRow
	if err := db.First(&signed, "conference_id = ?", row.ConferenceID).Error; err != nil {
		return Addendum{}, dbError(err, "signed minutes")
	}
	now := s.now()
	hash := AddendumHash(signed.Hash, row.Number, row.Text)
	held, err := approvalsOf(db, row.ConferenceID)
	if err != nil {
		return Addendum{}, err
	}
	var copies []Original
	if seal != nil {
		sg, err := s.Signed(ctx, row.ConferenceID)
		if err != nil {
			return Addendum{}, err
		}
		for i, ad := range sg.Addenda {
			if ad.ID == row.ID {
				sg.Addenda[i].Hash, sg.Addenda[i].SignedAt = hash, &now
				sg.Addenda[i].Approvals = withApprovals(held[row.ID], roles, a.UserID, name, now)
			}
		}
		if copies, err = sealIfLast(ctx, seal, held[row.ID], roles, sg.AtRevision(row.Number), row.Number); err != nil {
			return Addendum{}, err
		}
	}
	err = db.Transaction(func(tx *gorm.DB) error {
		for _, r := range roles {
			ar := approvalRow{ConferenceID: row.ConferenceID, AddendumID: row.ID, Role: string(r), UserID: a.UserID, Name: name, ApprovedAt: now}
			if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&ar).Error; err != nil {
				return dbError(err, "approval")
			}
		}
		var n int64
		if err := tx.Model(&approvalRow{}).Where("conference_id = ? AND addendum_id = ?", row.ConferenceID, row.ID).Count(&n).Error; err != nil {
			return dbError(err, "approvals")
		}
		if n < 2 {
			return nil
		}
		if seal != nil && copies == nil {
			return fmt.Errorf("the other approval arrived meanwhile; approve again: %w", ErrConflict)
		}
		if err := tx.Model(&addendumRow{}).Where("id = ?", row.ID).Updates(map[string]any{"hash": hash, "signed_at": now}).Error; err != nil {
			return dbError(err, "addendum")
		}
		return insertOriginals(tx, copies, now)
	})
	if err != nil {
		return Addendum{}, err
	}
	all, err := s.Signed(ctx, row.ConferenceID)
	if err != nil {
		return Addendum{}, err
	}
	for _, ad := range all.Addenda {
		if ad.ID == row.ID {
			return ad, nil
		}
	}
	return Addendum{}, ErrNotFound
}

// AddendumHash is the hex SHA-256 that signs addendum number n with text,
// chained to the hash of the minutes it corrects.
func AddendumHash(minutesHash string, n int, text string) string {
	sum := sha256.Sum256([]byte(minutesHash + "\n" + strconv.Itoa(n) + "\n" + text))
	return hex.EncodeToString(sum[:])
}

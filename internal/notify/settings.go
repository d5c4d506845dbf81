package notify

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"casusoverleg/conference"
)

// Settings are one user's choices about messages.
type Settings struct {
	UserID int64 `json:"user_id"`
	// Language of the messages: "nl" or "en".
	Language string `json:"language"`
	// Off lists the kinds the user does not want.
	Off []conference.EventKind `json:"off"`
	// Digest collects the user's messages into one a day, sent at DigestHour (0–23, Amsterdam time).
	Digest     bool `json:"digest"`
	DigestHour int  `json:"digest_hour"`
}

// DefaultSettings are what a user gets before choosing: Dutch, every kind, one mail per message.
func DefaultSettings(userID int64) Settings {
	return Settings{UserID: userID, Language: "nl", Off: []conference.EventKind{}, DigestHour: 8}
}

// Wants reports whether the user wants messages of kind k.
func (s Settings) Wants(k conference.EventKind) bool { return !slices.Contains(s.Off, k) }

// Validate reports what is wrong with s, field by field.
func (s *Settings) Validate() error {
	var errs conference.ValidationErrors
	if s.Language != "nl" && s.Language != "en" {
		errs.Add("language", "must be nl or en")
	}
	if s.DigestHour < 0 || s.DigestHour > 23 {
		errs.Add("digest_hour", "must be an hour from 0 to 23")
	}
	for _, k := range s.Off {
		if !slices.Contains(conference.EventKinds, k) {
			errs.Add("off", fmt.Sprintf("unknown message kind %q", k))
			break
		}
	}
	slices.Sort(s.Off)
	s.Off = slices.Compact(s.Off)
	if s.Off == nil {
		s.Off = []conference.EventKind{}
	}
	return errs.Err()
}

func settingsOf(r settingsRow) Settings {
	s := Settings{UserID: r.UserID, Language: r.Language, Digest: r.Digest, DigestHour: r.DigestHour, Off: []conference.EventKind{}}
	for _, k := range strings.Split(strings.Trim(r.Off, ","), ",") {
		if k != "" {
			s.Off = append(s.Off, conference.EventKind(k))
		}
	}
	return s
}

// loadSettings returns the settings of each user in ids (defaults for those without a row).
func loadSettings(db *gorm.DB, ids []int64) (map[int64]Settings, error) {
	var rows []settingsRow
	if err := db.Where("user_id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("notification settings: %w", err)
	}
	out := make(map[int64]Settings, len(ids))
	for _, id := range ids {
		out[id] = DefaultSettings(id)
	}
	for _, r := range rows {
		out[r.UserID] = settingsOf(r)
	}
	return out, nil
}

// Settings returns the settings of user userID (the defaults until they choose).
func (o *Outbox) Settings(ctx context.Context, userID int64) (Settings, error) {
	m, err := loadSettings(o.db.WithContext(ctx), []int64{userID})
	if err != nil {
		return Settings{}, err
	}
	return m[userID], nil
}

// SaveSettings validates and stores s for the user s.UserID. Only the user
// themself may change them: a is who asks; anyone else gets ErrForbidden.
func (o *Outbox) SaveSettings(ctx context.Context, a conference.Actor, s *Settings) error {
	if a.UserID == 0 || a.UserID != s.UserID {
		return fmt.Errorf("settings of user %d: %w", s.UserID, conference.ErrForbidden)
	}
	if err := s.Validate(); err != nil {
		return err
	}
	off := ""
	if len(s.Off) > 0 {
		parts := make([]string, len(s.Off))
		for i, k := range s.Off {
			parts[i] = string(k)
		}
		off = "," + strings.Join(parts, ",") + ","
	}
	row := settingsRow{UserID: s.UserID, Language: s.Language, Off: off, Digest: s.Digest, DigestHour: s.DigestHour, UpdatedAt: o.now()}
	// An upsert: a first save at the same moment as another never fails.
	err := o.db.WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "user_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"language", "off", "digest", "digest_hour", "updated_at"})}).Create(&row).Error
	if err != nil {
		if errors.Is(err, gorm.ErrForeignKeyViolated) {
			return &conference.ValidationError{Field: "user_id", Msg: "refers to a user that does not exist"}
		}
		return fmt.Errorf("notification settings: %w", err)
	}
	return nil
}

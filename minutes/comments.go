package minutes

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// CommentStatus is how the secretary handled a comment on the draft minutes.
type CommentStatus string

// The states of a comment: open until the secretary processed it (changed
// the draft) or declined it, each with a note.
const (
	CommentOpen      CommentStatus = "open"
	CommentProcessed CommentStatus = "processed"
	CommentDeclined  CommentStatus = "declined"
)

// Bounds of the comment round.
const (
	// MaxRoundDays is the longest a comment round runs.
	MaxRoundDays = 30
	// MaxCommentLen and MaxNoteLen bound a comment and the secretary's note.
	MaxCommentLen = 4000
	MaxNoteLen    = 2000
)

// CommentRound is the sharing of the draft minutes with the organisations
// present at the meeting, until Deadline.
type CommentRound struct {
	ConferenceID int64     `json:"conference_id"`
	Deadline     time.Time `json:"deadline"`
	OpenedBy     int64     `json:"opened_by"`
	OpenedAt     time.Time `json:"opened_at"`
	// Open is true before the deadline.
	Open bool `json:"open"`
}

// Comment is a present participant's comment on one item of the draft
// minutes. Comments are history of the record, not part of the signed content.
type Comment struct {
	ID             int64         `json:"id"`
	ConferenceID   int64         `json:"conference_id"`
	ItemID         int64         `json:"item_id"`
	UserID         int64         `json:"user_id"`
	OrganisationID int64         `json:"organisation_id"`
	Text           string        `json:"text"`
	CreatedAt      time.Time     `json:"created_at"`
	Status         CommentStatus `json:"status"`
	Note           string        `json:"note,omitempty"`
	HandledBy      *int64        `json:"handled_by,omitempty"`
	HandledAt      *time.Time    `json:"handled_at,omitempty"`
}

// CommentsView is the comment round as one actor may see it: the round (nil
// when none was opened), the draft of the items the actor may see while the
// round is open (the secretary and chair always), and the comments on those
// items.
type CommentsView struct {
	Round    *CommentRound `json:"round"`
	Minutes  View          `json:"minutes"`
	Comments []Comment     `json:"comments"`
	// CanComment is true while the round is open for a present organisation.
	CanComment bool `json:"can_comment"`
	// Secretary is true for the secretary, who opens the round and handles comments.
	Secretary bool `json:"secretary"`
}

// presentOrganisation reports whether someone of org attended the meeting.
func presentOrganisation(att []conference.Attendance, org int64) bool {
	return slices.ContainsFunc(att, func(a conference.Attendance) bool {
		return a.OrganisationID == org && a.Presence == conference.Present
	})
}

// OpenCommentRound shares the draft minutes with the present organisations
// until deadline, or moves the deadline of the round. Only the secretary;
// the minutes must be a draft and the deadline in the future, at most
// MaxRoundDays away. Opening the round (not moving its deadline) tells the
// present organisations' participants (conference.EventMinutesShared), in
// the same transaction. Returns ErrForbidden or a ValidationError.
func (s *Store) OpenCommentRound(ctx context.Context, a conference.Actor, conferenceID int64, deadline time.Time) (CommentRound, error) {
	conf, err := s.cases.Conference(ctx, conferenceID)
	if err != nil {
		return CommentRound{}, err
	}
	if conf.SecretaryID == nil || *conf.SecretaryID != a.UserID {
		return CommentRound{}, fmt.Errorf("only the secretary opens the comment round: %w", ErrForbidden)
	}
	st, err := s.Status(ctx, conferenceID)
	if err != nil {
		return CommentRound{}, err
	}
	now := s.now()
	var errs conference.ValidationErrors
	if st != RecordDraft {
		errs.Add("minutes", "the comment round is on the draft; these minutes are final")
	}
	switch {
	case deadline.IsZero():
		errs.Add("deadline", "is required")
	case !deadline.After(now):
		errs.Add("deadline", "must be in the future")
	case deadline.After(now.AddDate(0, 0, MaxRoundDays)):
		errs.Add("deadline", "must be within 30 days")
	}
	if err := errs.Err(); err != nil {
		return CommentRound{}, err
	}
	row := roundRow{ConferenceID: conferenceID, Deadline: deadline.UTC(), OpenedBy: a.UserID, OpenedAt: now}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var before int64
		if err := tx.Model(&roundRow{}).Where("conference_id = ?", conferenceID).Count(&before).Error; err != nil {
			return dbError(err, "comment round")
		}
		if err := tx.Save(&row).Error; err != nil {
			return dbError(err, "comment round")
		}
		if before > 0 {
			// A moved deadline is no new round: the organisations heard of it.
			return nil
		}
		return s.cases.Notify(ctx, tx, conference.Event{Kind: conference.EventMinutesShared, ConferenceID: conferenceID})
	})
	if err != nil {
		return CommentRound{}, err
	}
	return row.domain(now), nil
}

// commentAccess returns the minutes as a sees them and whether a organises
// the meeting. Members of the series whose organisation was not present,
// and non-members, get ErrForbidden.
func (s *Store) commentAccess(ctx context.Context, a conference.Actor, conferenceID int64) (View, bool, error) {
	v, err := s.Minutes(ctx, a, conferenceID)
	if err != nil {
		return View{}, false, err
	}
	organiser := (v.Conference.ChairID != nil && *v.Conference.ChairID == a.UserID) || v.Secretary
	if !organiser && !presentOrganisation(v.Attendance, a.OrganisationID) {
		return View{}, false, fmt.Errorf("organisation %d was not present: %w", a.OrganisationID, ErrForbidden)
	}
	return v, organiser, nil
}

// Comments returns the comment round of a conference as a sees it (see
// commentAccess for who may). The chair and the secretary see every item
// and comment; a participant sees the draft of the items they may see while
// the round is open, and the comments on those items.
func (s *Store) Comments(ctx context.Context, a conference.Actor, conferenceID int64) (CommentsView, error) {
	v, organiser, err := s.commentAccess(ctx, a, conferenceID)
	if err != nil {
		return CommentsView{}, err
	}
	db := s.db.WithContext(ctx)
	round, err := s.round(db, conferenceID)
	if err != nil {
		return CommentsView{}, err
	}
	out := CommentsView{Round: round, Minutes: v, Comments: []Comment{}, Secretary: v.Secretary}
	out.CanComment = round != nil && round.Open && v.Status == RecordDraft
	visible := []int64{0}
	for _, it := range v.Items {
		if !it.Redacted() {
			visible = append(visible, it.ID)
		}
	}
	var rows []commentRow
	if err := db.Where("conference_id = ? AND item_id IN ?", conferenceID, visible).Order("created_at, id").Find(&rows).Error; err != nil {
		return CommentsView{}, dbError(err, "comments")
	}
	for _, r := range rows {
		out.Comments = append(out.Comments, r.domain())
	}
	if !organiser && !out.CanComment {
		// The draft is shared until the deadline; the comments stay as history.
		out.Minutes.Items = []ItemMinutes{}
	}
	return out, nil
}

// CheckCommenter returns the minutes of the conference of item itemID as a
// sees them when a may comment on that item: a's organisation was present
// (or a organises the meeting) and a sees the item in full. Otherwise it
// returns ErrForbidden, or ErrNotFound for an unknown item.
func (s *Store) CheckCommenter(ctx context.Context, a conference.Actor, itemID int64) (View, error) {
	it, err := s.agenda.Item(ctx, itemID)
	if err != nil {
		return View{}, err
	}
	v, _, err := s.commentAccess(ctx, a, it.ConferenceID)
	if err != nil {
		return View{}, err
	}
	if i := slices.IndexFunc(v.Items, func(m ItemMinutes) bool { return m.ID == itemID }); i < 0 || v.Items[i].Redacted() {
		return View{}, fmt.Errorf("item %d is not one the actor may see: %w", itemID, ErrForbidden)
	}
	return v, nil
}

// ConferenceOfComment returns the conference of comment id, or ErrNotFound.
func (s *Store) ConferenceOfComment(ctx context.Context, id int64) (int64, error) {
	var row commentRow
	if err := s.db.WithContext(ctx).Select("id", "conference_id").First(&row, id).Error; err != nil {
		return 0, dbError(err, "comment")
	}
	return row.ConferenceID, nil
}

// AddComment records a's comment on an item of the draft minutes. a must
// pass CheckCommenter (ErrForbidden otherwise); the round must be open and
// text given (ValidationError).
func (s *Store) AddComment(ctx context.Context, a conference.Actor, itemID int64, text string) (Comment, error) {
	v, err := s.CheckCommenter(ctx, a, itemID)
	if err != nil {
		return Comment{}, err
	}
	confID := v.Conference.ID
	round, err := s.round(s.db.WithContext(ctx), confID)
	if err != nil {
		return Comment{}, err
	}
	text = strings.TrimSpace(text)
	var errs conference.ValidationErrors
	if round == nil || !round.Open || v.Status != RecordDraft {
		errs.Add("deadline", "the comment round is not open")
	}
	if text == "" || len(text) > MaxCommentLen {
		errs.Add("text", "is required (at most 4000 characters)")
	}
	if err := errs.Err(); err != nil {
		return Comment{}, err
	}
	row := commentRow{ConferenceID: confID, ItemID: itemID, UserID: a.UserID, OrganisationID: a.OrganisationID,
		Text: text, CreatedAt: s.now(), Status: string(CommentOpen)}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return Comment{}, dbError(err, "comment")
	}
	return row.domain(), nil
}

// HandleComment marks a comment processed or declined, with a note. Only the
// secretary of the meeting (ErrForbidden); status and note are checked
// (ValidationError). A handled comment may be handled again.
func (s *Store) HandleComment(ctx context.Context, a conference.Actor, commentID int64, status CommentStatus, note string) (Comment, error) {
	db := s.db.WithContext(ctx)
	var row commentRow
	if err := db.First(&row, commentID).Error; err != nil {
		return Comment{}, dbError(err, "comment")
	}
	conf, err := s.cases.Conference(ctx, row.ConferenceID)
	if err != nil {
		return Comment{}, err
	}
	if conf.SecretaryID == nil || *conf.SecretaryID != a.UserID {
		return Comment{}, fmt.Errorf("only the secretary handles comments: %w", ErrForbidden)
	}
	note = strings.TrimSpace(note)
	var errs conference.ValidationErrors
	if status != CommentProcessed && status != CommentDeclined {
		errs.Add("status", "must be processed or declined")
	}
	if note == "" || len(note) > MaxNoteLen {
		errs.Add("note", "is required (at most 2000 characters)")
	}
	if err := errs.Err(); err != nil {
		return Comment{}, err
	}
	now := s.now()
	row.Status, row.Note, row.HandledBy, row.HandledAt = string(status), note, &a.UserID, &now
	err = db.Model(&commentRow{}).Where("id = ?", row.ID).
		Updates(map[string]any{"status": row.Status, "note": note, "handled_by": a.UserID, "handled_at": now}).Error
	if err != nil {
		return Comment{}, dbError(err, "comment")
	}
	return row.domain(), nil
}

// checkRoundOver refuses to finalise while the comment round runs.
func (s *Store) checkRoundOver(db *gorm.DB, conferenceID int64) error {
	r, err := s.round(db, conferenceID)
	if err != nil {
		return err
	}
	if r != nil && r.Open {
		return &conference.ValidationError{Field: "minutes", Msg: "the comment round is still open; finalise after the deadline"}
	}
	return nil
}

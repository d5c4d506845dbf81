package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/pdfdoc"
	"casusoverleg/internal/pdfsign"
	"casusoverleg/internal/signing"
	"casusoverleg/minutes"
)

// originalsLang is the language of the signed originals: the record is Dutch.
const originalsLang = "nl"

// copyView is one view of signed minutes: the cases shown in full, and the
// organisations whose view it is (none for the full copy).
type copyView struct {
	key     string
	visible map[int64]bool
	orgs    []string
}

// sealer makes the signed originals of minutes for the minutes store.
type sealer struct{ s *Server }

// Sealer returns what makes the signed originals of this server's minutes
// (rendered in Dutch, signed with Config.Signer and timestamped by
// Config.TSA), for minutes.Store.Approve outside a request, e.g. in tests.
func (s *Server) Sealer() minutes.Sealer { return sealer{s} }

// Seal renders and signs the full copy and one copy per distinct view of the
// series' member organisations, with the revision's signing time.
func (z sealer) Seal(ctx context.Context, sg minutes.Signed, revision int) ([]minutes.Original, error) {
	views, err := z.s.memberViews(ctx, sg)
	if err != nil {
		return nil, err
	}
	out := make([]minutes.Original, 0, len(views))
	for _, v := range views {
		o, err := z.s.sealView(ctx, sg, revision, v)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// memberViews are the full view and the distinct views of the member
// organisations of the meeting's series that do not see every case.
func (s *Server) memberViews(ctx context.Context, sg minutes.Signed) ([]copyView, error) {
	ids := sg.Content.CaseIDs()
	all := map[int64]bool{}
	for _, id := range ids {
		all[id] = true
	}
	views := []copyView{{key: minutes.FullView, visible: all}}
	conf, err := s.store.Conference(ctx, sg.ConferenceID)
	if err != nil {
		return nil, err
	}
	series, err := s.store.Series(ctx, conf.SeriesID)
	if err != nil {
		return nil, err
	}
	n, err := s.loadNames(ctx, nil)
	if err != nil {
		return nil, err
	}
	for _, org := range series.MemberOrganisationIDs {
		visible, err := s.store.CanSeeCases(ctx, conference.Actor{OrganisationID: org}, ids)
		if err != nil {
			return nil, err
		}
		key := viewKey(visible, ids)
		if key == minutes.FullView {
			continue
		}
		i := slices.IndexFunc(views, func(v copyView) bool { return v.key == key })
		if i < 0 {
			views = append(views, copyView{key: key, visible: visible})
			i = len(views) - 1
		}
		views[i].orgs = append(views[i].orgs, n.OrgName(org))
	}
	return views, nil
}

// viewKey is the key of the view that shows the visible ones of ids.
func viewKey(visible map[int64]bool, ids []int64) string {
	var shown []int64
	for _, id := range ids {
		if visible[id] {
			shown = append(shown, id)
		}
	}
	if len(shown) == len(ids) {
		return minutes.FullView
	}
	return minutes.ViewKey(shown)
}

// sealView renders the copy of one view at a revision and signs it with
// the revision's signing time (and a timestamp when a TSA is configured).
func (s *Server) sealView(ctx context.Context, sg minutes.Signed, revision int, v copyView) (minutes.Original, error) {
	at := sg.AtRevision(revision)
	signedAt := sg.RevisionSignedAt(revision)
	content := sg.Content.View(v.visible)
	kind, label := minutes.CopyFull, "volledig"
	if v.key != minutes.FullView {
		kind, label = minutes.CopyRedacted, "afgeschermd, weergave van "+strings.Join(v.orgs, ", ")
	}
	doc, err := s.minutesDocument(ctx, originalsLang, at, v.visible)
	if err != nil {
		return minutes.Original{}, err
	}
	hash := content.Hash()
	doc.Copy, doc.ContentHash, doc.Created = label, hash, signedAt
	if revision > 0 {
		doc.Copy += fmt.Sprintf(" (met addendum %d)", revision)
	}
	var buf bytes.Buffer
	if err := pdfdoc.WriteMinutes(&buf, doc); err != nil {
		return minutes.Original{}, err
	}
	pdf, err := pdfsign.SignContext(ctx, buf.Bytes(), s.cfg.Signer, pdfsign.Info{Name: s.cfg.SiteName,
		Reason: signing.Reason(sg.ConferenceID, revision, kind, hash), Location: sg.Content.Conference.Location,
		Time: signedAt, TSA: s.cfg.TSA})
	if err != nil {
		return minutes.Original{}, err
	}
	res, err := pdfsign.Verify(pdf)
	if err != nil {
		return minutes.Original{}, fmt.Errorf("the signed copy does not verify: %w", err)
	}
	sum := sha256.Sum256(pdf)
	o := minutes.Original{ConferenceID: sg.ConferenceID, Revision: revision, Kind: kind, ViewKey: v.key,
		Organisations: strings.Join(v.orgs, ", "), ContentHash: hash, SHA256: hex.EncodeToString(sum[:]),
		Size: len(pdf), SignedAt: signedAt, Level: res.Level, PDF: pdf}
	for _, id := range sg.Content.CaseIDs() {
		if v.visible[id] {
			o.CaseIDs = append(o.CaseIDs, id)
		}
	}
	if !res.TimestampedAt.IsZero() {
		t := res.TimestampedAt
		o.TimestampedAt = &t
	}
	return o, nil
}

// originalFor returns the stored copy of the newest revision that u may
// read: the full copy for the meeting's chair and secretary and for whoever
// may see every case on it, else the copy of the view of the cases u may
// see. The organisers' copy is one query; anyone else's is three: the full
// copy's description (which cases it holds), the need-to-know check of
// those cases, and the copy of that view with its PDF. A view without a
// stored copy (minutes signed before copies were stored, or an organisation
// that joined the series later) gets one now, signed with the revision's
// signing time, and stored for every later download; so does the full copy
// of minutes that have none.
func (s *Server) originalFor(ctx context.Context, a conference.Actor, organiser bool, conferenceID int64) (minutes.Original, error) {
	if organiser {
		full, err := s.minutes.LatestFullCopy(ctx, conferenceID)
		if err == nil || !isNotFound(err) {
			return full, err
		}
	}
	full, err := s.minutes.LatestFull(ctx, conferenceID)
	var sg *minutes.Signed
	if err != nil {
		if !isNotFound(err) {
			return minutes.Original{}, err
		}
		signed, err := s.signedMinutes(ctx, conferenceID)
		if err != nil {
			return minutes.Original{}, err
		}
		sg = &signed
		// The full copy first: its description leads every later download.
		all := map[int64]bool{}
		for _, id := range signed.Content.CaseIDs() {
			all[id] = true
		}
		made, err := s.sealView(ctx, signed, signed.Revision(), copyView{key: minutes.FullView, visible: all})
		if err != nil {
			return minutes.Original{}, err
		}
		if full, err = s.minutes.StoreOriginal(ctx, made); err != nil {
			return minutes.Original{}, err
		}
		if organiser {
			return full, nil
		}
	}
	key := minutes.FullView
	visible := map[int64]bool{}
	for _, id := range full.CaseIDs {
		visible[id] = true
	}
	if !organiser {
		if visible, err = s.store.CanSeeCases(ctx, a, full.CaseIDs); err != nil {
			return minutes.Original{}, err
		}
		key = viewKey(visible, full.CaseIDs)
	}
	if key == minutes.FullView && full.PDF != nil {
		return full, nil // made just now
	}
	o, err := s.minutes.Original(ctx, conferenceID, full.Revision, key)
	if err == nil || !isNotFound(err) {
		return o, err
	}
	if sg == nil {
		signed, err := s.signedMinutes(ctx, conferenceID)
		if err != nil {
			return minutes.Original{}, err
		}
		sg = &signed
	}
	v := copyView{key: key, visible: visible}
	if key != minutes.FullView {
		n, err := s.loadNames(ctx, nil)
		if err != nil {
			return minutes.Original{}, err
		}
		v.orgs = []string{n.OrgName(a.OrganisationID)}
	}
	made, err := s.sealView(ctx, *sg, full.Revision, v)
	if err != nil {
		return minutes.Original{}, err
	}
	return s.minutes.StoreOriginal(ctx, made)
}

// signedMinutes returns the signed minutes, or a ValidationError when they
// are not signed yet.
func (s *Server) signedMinutes(ctx context.Context, conferenceID int64) (minutes.Signed, error) {
	sg, err := s.minutes.Signed(ctx, conferenceID)
	if err != nil {
		return sg, err
	}
	if sg.Status != minutes.RecordSigned {
		return sg, &conference.ValidationError{Field: "minutes", Msg: "the minutes are not signed yet"}
	}
	if sg.Destroyed {
		return sg, fmt.Errorf("signed minutes %d were destroyed under the retention rule: %w", conferenceID, conference.ErrNotFound)
	}
	return sg, nil
}

// recordEvents appends events for the request's user in one write.
func (s *Server) recordEvents(c *gin.Context, events []audit.Event) error {
	u := currentUser(c)
	for i := range events {
		events[i].IP = c.ClientIP()
		if u != nil {
			events[i].UserID, events[i].UserEmail, events[i].OrganisationID = u.ID, u.Email, u.OrganisationID
		}
	}
	_, err := s.audit.RecordMany(c.Request.Context(), events)
	return err
}

func isNotFound(err error) bool { return errors.Is(err, conference.ErrNotFound) }

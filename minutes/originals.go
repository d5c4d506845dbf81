package minutes

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The kinds of stored copy of signed minutes.
const (
	// CopyFull is the whole record, as chair and secretary see it.
	CopyFull = "full"
	// CopyRedacted leaves out the items of cases its readers may not see.
	CopyRedacted = "redacted"
)

// FullView is the view key of the full copy.
const FullView = "full"

// Original is one signed original of a conference's minutes, stored once:
// the PDF rendered and signed when the minutes (revision 0) or an addendum
// (revision n) was signed. Each view — the full record, or the items one
// organisation may see — has its own copy at each revision.
type Original struct {
	ID           int64  `json:"id"`
	ConferenceID int64  `json:"conference_id"`
	Revision     int    `json:"revision"`
	Kind         string `json:"kind"`
	// ViewKey names the view: FullView, or ViewKey of the cases shown.
	ViewKey string `json:"view_key"`
	// Organisations names the organisations whose view this copy is, as
	// printed on it; empty for the full copy.
	Organisations string `json:"organisations,omitempty"`
	// CaseIDs are the cases whose items the copy shows in full.
	CaseIDs []int64 `json:"-"`
	// ContentHash is the hex SHA-256 of the content this copy shows (see
	// Content.View), printed on it.
	ContentHash string `json:"content_hash"`
	// SHA256 is the hex SHA-256 of the PDF file.
	SHA256        string     `json:"sha256"`
	Size          int        `json:"size"`
	SignedAt      time.Time  `json:"signed_at"`
	Level         string     `json:"level"`
	TimestampedAt *time.Time `json:"timestamped_at,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	// PDF is the signed file; empty when only the description was loaded.
	PDF []byte `json:"-"`
}

// Sealer renders and signs the copies of signed minutes: the full copy and
// one per view of the series' member organisations, with sg.SignedAt (the
// last approval) as their signing time. revision is 0 for the minutes, n
// for the state after addendum n. It is called before the signing
// transaction; an error leaves the minutes unsigned.
type Sealer interface {
	Seal(ctx context.Context, sg Signed, revision int) ([]Original, error)
}

// ViewKey is the key of the view that shows exactly the items of caseIDs in
// full: a hash of the sorted ids. The full copy's key is FullView.
func ViewKey(caseIDs []int64) string {
	ids := slices.Clone(caseIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var b strings.Builder
	for _, id := range ids {
		b.WriteString(strconv.FormatInt(id, 10))
		b.WriteByte(',')
	}
	sum := sha256.Sum256([]byte(b.String()))
	return "cases:" + hex.EncodeToString(sum[:16])
}

// CaseIDs returns the ids of the cases on the agenda of the minutes.
func (c Content) CaseIDs() []int64 {
	var ids []int64
	for _, it := range c.Items {
		if it.CaseID != 0 {
			ids = append(ids, it.CaseID)
		}
	}
	return ids
}

// View returns the content as a reader who sees only the cases in visible
// sees it: every other case's item keeps its position, kind and reference
// and nothing else. Its Hash is the content hash of that copy.
func (c Content) View(visible map[int64]bool) Content {
	out := c
	out.Items = make([]ContentItem, len(c.Items))
	for i, it := range c.Items {
		if it.CaseID != 0 && !visible[it.CaseID] {
			it = ContentItem{Position: it.Position, CaseID: it.CaseID, Reference: it.Reference, Kind: it.Kind,
				Answers: []ContentAnswer{}, Decisions: []ContentDecision{}, Actions: []ContentAction{}}
		}
		out.Items[i] = it
	}
	return out
}

// AtRevision returns sg as it stood at revision n: the addenda after n left out.
func (sg Signed) AtRevision(n int) Signed {
	out := sg
	out.Addenda = nil
	for _, ad := range sg.Addenda {
		if ad.Number <= n {
			out.Addenda = append(out.Addenda, ad)
		}
	}
	return out
}

// Revision is the newest signed revision: the number of the last signed
// addendum, 0 when there is none.
func (sg Signed) Revision() int {
	n := 0
	for _, ad := range sg.Addenda {
		if ad.SignedAt != nil {
			n = max(n, ad.Number)
		}
	}
	return n
}

// RevisionSignedAt is when revision n was signed: the minutes for 0, else
// addendum n.
func (sg Signed) RevisionSignedAt(n int) time.Time {
	if n == 0 && sg.SignedAt != nil {
		return *sg.SignedAt
	}
	for _, ad := range sg.Addenda {
		if ad.Number == n && ad.SignedAt != nil {
			return *ad.SignedAt
		}
	}
	return time.Time{}
}

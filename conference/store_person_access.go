package conference

import (
	"context"
)

// PersonRecords returns every record of the person that record id is of: the
// records of the same identity (merged by the chair), with the same BSN (its
// keyed hash), or with the same surname, initials and date of birth — the
// known-person match — oldest first, BSNs masked. It is for a right-of-access
// report (AVG art. 15) and ignores need-to-know: only the privacy officer's
// routes call it. Returns ErrNotFound when there is no such record.
func (s *Store) PersonRecords(ctx context.Context, id int64) ([]Person, error) {
	db := s.db.WithContext(ctx)
	var p personRow
	if err := db.First(&p, id).Error; err != nil {
		return nil, dbError(err, "person")
	}
	q := db.Where("identity_id = ?", p.IdentityID)
	if p.BSNHash != "" {
		q = q.Or("bsn_hash = ?", p.BSNHash)
	}
	if p.NameKey != "" {
		q = q.Or("name_key = ?", p.NameKey)
	}
	var rows []personRow
	if err := db.Where(q).Order("id").Find(&rows).Error; err != nil {
		return nil, dbError(err, "persons")
	}
	out := make([]Person, len(rows))
	for i, r := range rows {
		out[i] = r.domain(false)
	}
	return out, nil
}

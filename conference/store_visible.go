package conference

// The need-to-know rule on cases, and the checks built on it.

import (
	"context"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// visible is the need-to-know rule as one condition on the cases table: the
// actor's organisation is involved in the case, or a registered grant lets
// the actor see it. It is the only place that rule is written. Each part is
// an EXISTS on the case's own id, so that checking forty cases costs forty
// index lookups, whatever the size of the region. A policy officer and a
// privacy officer see none; the system sees all.
//
// The condition is an expression rather than a query, so that it serves as
// a WHERE condition both of the lists (scopeCases) and of the check of given
// cases (CanSeeCases), which the agenda asks for the cases it shows.
func (s *Store) visible(a Actor) clause.Expr {
	switch {
	case a.IsSystem():
		return clause.Expr{SQL: "1 = 1"}
	case a.Has(RolePolicyOfficer) || a.Has(RolePrivacyOfficer):
		// Reports or access reports only: no case, whatever their organisation.
		return clause.Expr{SQL: "1 = 0"}
	}
	cond := clause.Expr{SQL: "(EXISTS (SELECT 1 FROM case_organisations WHERE case_organisations.case_id = cases.id AND case_organisations.organisation_id = ?)",
		Vars: []any{a.OrganisationID}}
	for _, g := range s.grants {
		if sub, vars := g(a); sub != "" {
			cond.SQL += " OR EXISTS (" + sub + ")"
			cond.Vars = append(cond.Vars, vars...)
		}
	}
	cond.SQL += ")"
	return cond
}

// scopeCases limits q, a query on the cases table, to the cases a may see.
func (s *Store) scopeCases(q *gorm.DB, a Actor) *gorm.DB {
	if a.IsSystem() {
		return q
	}
	cond := s.visible(a)
	return q.Where(cond.SQL, cond.Vars...)
}

// CanSeeCase reports whether a may see case id in full.
// Returns only database errors.
func (s *Store) CanSeeCase(ctx context.Context, a Actor, id int64) (bool, error) {
	visible, err := s.CanSeeCases(ctx, a, []int64{id})
	return visible[id], err
}

// CanSeeCases is CanSeeCase for several cases in one query: the ids a may
// see in full are true; the others, and ids that do not exist, are left out.
// Returns only database errors.
func (s *Store) CanSeeCases(ctx context.Context, a Actor, ids []int64) (map[int64]bool, error) {
	return s.canSeeCases(s.db.WithContext(ctx), a, ids)
}

func (s *Store) canSeeCases(db *gorm.DB, a Actor, ids []int64) (map[int64]bool, error) {
	out := make(map[int64]bool, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	// One raw statement scanned by hand: built through gorm's query
	// builder, the check cost twice what the database spends on it (the
	// signed minutes' download checks every case on the minutes).
	//
	// The rule is asked of the given ids as a list named cases rather than
	// of the cases table's rows: each part of the rule is an EXISTS on the
	// case's id, and reading each case's row only to find it there cost a
	// third of the pages the check reads (on SQLite read again after every
	// commit elsewhere, which the audit makes at almost every request). An
	// id that is not a case is still left out: the rows the rule finds refer
	// to a case by a foreign key. The system, which sees every case without
	// a row to find, reads the cases table.
	ids = uniqueIDs(ids)
	cond := s.visible(a)
	var from clause.Expr
	if a.IsSystem() {
		from = IDIn(db, "cases.id", ids)
		from.SQL = "cases WHERE " + from.SQL + " AND "
	} else {
		from = idTable(db, "cases", ids)
		from.SQL += " WHERE "
	}
	rows, err := db.Raw("SELECT cases.id FROM "+from.SQL+cond.SQL, append(from.Vars, cond.Vars...)...).Rows()
	if err != nil {
		return nil, dbError(err, "cases")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, dbError(err, "cases")
		}
		out[id] = true
	}
	return out, dbError(rows.Err(), "cases")
}

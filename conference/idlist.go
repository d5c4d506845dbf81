package conference

import (
	"database/sql/driver"
	"strconv"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// IDIn returns the condition "column is one of ids" for a query on db. On
// PostgreSQL it is column = ANY($n) with the ids as one array parameter, so
// that the statement's text does not change with the number of ids and pgx's
// statement cache finds it again; elsewhere (SQLite has no arrays) the usual
// IN list. column is trusted SQL, never user input.
func IDIn(db *gorm.DB, column string, ids []int64) clause.Expr {
	if db.Dialector.Name() == "postgres" {
		return clause.Expr{SQL: column + " = ANY(?)", Vars: []any{idArray(ids)}}
	}
	return clause.Expr{SQL: column + " IN ?", Vars: []any{ids}}
}

// idTable returns ids as a table of one column, id, named name, for the
// FROM clause of a query on db (ids not empty). On PostgreSQL it is unnest of
// one array parameter, as in IDIn; elsewhere a VALUES list. name is trusted
// SQL, never user input.
func idTable(db *gorm.DB, name string, ids []int64) clause.Expr {
	if db.Dialector.Name() == "postgres" {
		return clause.Expr{SQL: "unnest(?::bigint[]) AS " + name + "(id)", Vars: []any{idArray(ids)}}
	}
	e := clause.Expr{SQL: "(SELECT column1 AS id FROM (VALUES " + strings.Repeat("(?),", len(ids)-1) + "(?))) AS " + name,
		Vars: make([]any, len(ids))}
	for i, id := range ids {
		e.Vars[i] = id
	}
	return e
}

// idArray binds a list of ids as one PostgreSQL bigint[] parameter: gorm
// passes a driver.Valuer through as one value instead of expanding the slice.
type idArray []int64

// Value returns the array literal, e.g. {1,2,3}.
func (a idArray) Value() (driver.Value, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, id := range a {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	b.WriteByte('}')
	return b.String(), nil
}

package dbtest

import (
	"fmt"
	"strings"
	"testing"

	"gorm.io/gorm"
)

// Scan looks for s in every column of every table, cast to text (bytes
// read as text), case-insensitively; it returns table.column of each hit:
// the proof that a destroyed case's data are gone.
func Scan(t testing.TB, db *gorm.DB, s string) []string {
	t.Helper()
	type column struct{ Table, Column, Type string }
	var cols []column
	if Postgres() {
		if err := db.Raw(`SELECT table_name AS "table", column_name AS "column", data_type AS "type" FROM information_schema.columns
			WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`).Scan(&cols).Error; err != nil {
			t.Fatal(err)
		}
	} else {
		var tables []string
		if err := db.Raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").Scan(&tables).Error; err != nil {
			t.Fatal(err)
		}
		for _, tb := range tables {
			var info []struct{ Name, Type string }
			if err := db.Raw("SELECT name, type FROM pragma_table_info(?)", tb).Scan(&info).Error; err != nil {
				t.Fatal(err)
			}
			for _, c := range info {
				cols = append(cols, column{tb, c.Name, c.Type})
			}
		}
	}
	if len(cols) < 100 {
		t.Fatalf("the scan found only %d columns", len(cols))
	}
	var hits []string
	for _, c := range cols {
		expr := fmt.Sprintf(`LOWER(CAST(%q AS TEXT))`, c.Column)
		if Postgres() && c.Type == "bytea" {
			expr = fmt.Sprintf(`LOWER(encode(%q, 'escape'))`, c.Column)
		}
		var n int64
		if err := db.Raw(fmt.Sprintf(`SELECT COUNT(*) FROM %q WHERE %s LIKE ?`, c.Table, expr), "%"+strings.ToLower(s)+"%").Scan(&n).Error; err != nil {
			t.Fatalf("scan %s.%s: %v", c.Table, c.Column, err)
		}
		if n > 0 {
			hits = append(hits, c.Table+"."+c.Column)
		}
	}
	return hits
}

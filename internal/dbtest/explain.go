package dbtest

import (
	"context"
	"database/sql"
	"strings"
	"testing"
)

// Querier is what Explain asks the plan of: a *sql.DB, or a *sql.Conn that
// holds settings of its own.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Explain returns the database's plan for query with args, one line per
// step: EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL.
func Explain(t testing.TB, q Querier, query string, args ...any) string {
	t.Helper()
	prefix := "EXPLAIN QUERY PLAN "
	if Postgres() {
		prefix = "EXPLAIN "
	}
	rows, err := q.QueryContext(context.Background(), prefix+query, args...)
	if err != nil {
		t.Fatalf("explain %s: %v", query, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			switch v := v.(type) {
			case string:
				out.WriteString(v + " ")
			case []byte:
				out.WriteString(string(v) + " ")
			}
		}
		out.WriteString("\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

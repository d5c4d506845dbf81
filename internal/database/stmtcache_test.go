package database

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	moderncsqlite "modernc.org/sqlite"
)

// openCaching opens a file database of one connection through the caching
// connector and returns it with that connection.
func openCaching(t *testing.T) (*sql.DB, *sql.Conn) {
	t.Helper()
	ctx := context.Background()
	connector, err := moderncsqlite.NewConnector(filepath.Join(t.TempDir(), "c.db") + "?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(cachingConnector{connector})
	t.Cleanup(func() { _ = db.Close() })
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	if _, err := conn.ExecContext(ctx, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"); err != nil {
		t.Fatal(err)
	}
	return db, conn
}

// cached is the number of statements conn keeps, and whether query is one.
func cached(t *testing.T, conn *sql.Conn, query string) (n int, has bool) {
	t.Helper()
	if err := conn.Raw(func(dc any) error {
		c, ok := dc.(*cachingConn)
		if !ok {
			return fmt.Errorf("connection is %T, not cached", dc)
		}
		_, has = c.stmts[query]
		n = c.lru.Len()
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return n, has
}

func TestStatementCacheReusesAndNests(t *testing.T) {
	ctx := context.Background()
	_, conn := openCaching(t)
	const insert = "INSERT INTO t (name) VALUES (?)"
	for _, name := range []string{"a", "b", "c"} {
		if _, err := conn.ExecContext(ctx, insert, name); err != nil {
			t.Fatal(err)
		}
	}
	n, has := cached(t, conn, insert)
	if !has || n != 2 { // the CREATE TABLE and the INSERT, once each
		t.Fatalf("%d statements cached (insert among them: %v), want 2 with the insert", n, has)
	}
	// A constraint error leaves the statement usable.
	if _, err := conn.ExecContext(ctx, insert, "a"); err == nil {
		t.Fatal("a duplicate name was inserted")
	}
	if _, err := conn.ExecContext(ctx, insert, "d"); err != nil {
		t.Fatalf("the insert after a failed one: %v", err)
	}

	// The same query inside the loop over its own rows runs uncached, with
	// its own arguments, and the outer rows go on where they were.
	const byID = "SELECT id, name FROM t WHERE id >= ? ORDER BY id"
	rows, err := conn.QueryContext(ctx, byID, 1)
	if err != nil {
		t.Fatal(err)
	}
	var outer, inner []string
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			t.Fatal(err)
		}
		outer = append(outer, name)
		if id == 2 {
			var innerID int64
			var innerName string
			if err := conn.QueryRowContext(ctx, byID, 4).Scan(&innerID, &innerName); err != nil {
				t.Fatal(err)
			}
			inner = append(inner, innerName)
		}
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(outer) != "[a b c d]" || fmt.Sprint(inner) != "[d]" {
		t.Fatalf("outer %v, inner %v; want [a b c d] and [d]", outer, inner)
	}
	// Closed rows give the statement back: the next query reads from the start.
	var first string
	if err := conn.QueryRowContext(ctx, byID, 3).Scan(new(int64), &first); err != nil || first != "c" {
		t.Fatalf("after the loop, first name from id 3 is %q (%v), want c", first, err)
	}
	// A column type reaches database/sql through the cached rows.
	rows, err = conn.QueryContext(ctx, byID, 1)
	if err != nil {
		t.Fatal(err)
	}
	types, err := rows.ColumnTypes()
	_ = rows.Close()
	if err != nil || types[1].DatabaseTypeName() != "TEXT" {
		t.Fatalf("column types %v (%v), want the name as TEXT", types, err)
	}
}

func TestStatementCacheEvictsLeastRecent(t *testing.T) {
	ctx := context.Background()
	_, conn := openCaching(t)
	query := func(i int) string { return fmt.Sprintf("SELECT %d, name FROM t", i) }
	if _, err := conn.ExecContext(ctx, "INSERT INTO t (name) VALUES ('a')"); err != nil {
		t.Fatal(err)
	}
	// Rows left open on the first query while the cache fills past its size:
	// the busy statement is dropped from the cache but still reads its rows.
	open, err := conn.QueryContext(ctx, query(0))
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= stmtCacheSize+10; i++ {
		var n int
		var name string
		if err := conn.QueryRowContext(ctx, query(i)).Scan(&n, &name); err != nil || n != i {
			t.Fatalf("query %d: %d, %v", i, n, err)
		}
	}
	if n, has := cached(t, conn, query(0)); n != stmtCacheSize || has {
		t.Fatalf("%d statements cached, the busy first one among them: %v; want %d without it", n, has, stmtCacheSize)
	}
	if !open.Next() {
		t.Fatalf("the open rows of an evicted statement lost their row: %v", open.Err())
	}
	if err := open.Close(); err != nil {
		t.Fatal(err)
	}
	if _, has := cached(t, conn, query(stmtCacheSize+10)); !has {
		t.Fatal("the most recent query is not cached")
	}
}

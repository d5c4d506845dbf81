package database

// A statement cache for SQLite connections.

import (
	"container/list"
	"context"
	"database/sql/driver"
)

// stmtCacheSize is how many prepared statements one connection keeps: the
// application sends a few hundred distinct statements in all, and a list of
// ids in an IN clause makes one per length.
const stmtCacheSize = 256

// cachingConnector opens connections that keep their prepared statements.
//
// SQLite compiles every statement it runs (about a tenth of the CPU of the
// agenda request, issue 18), and database/sql prepares nothing unless asked;
// gorm's own PrepareStmt shares statements across the pool, where a
// transaction holding the last connection can wait for a statement being
// prepared on another (issue 18, history item 4). Here each connection keeps
// its own: nothing waits for another connection, and a statement dies with
// its connection.
//
// A kept statement is still compiled again when SQLite's planner looked at a
// bound value in the index samples (sqlite_stat4, which ANALYZE and PRAGMA
// optimize fill; modernc's SQLite is built with SQLITE_ENABLE_STAT4): after
// every bind. Write constants into the SQL text, not as parameters, where a
// statement runs per request (agenda.CaseGrant, the agenda's filter).
type cachingConnector struct {
	driver.Connector
}

func (c cachingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return newCachingConn(conn), nil
}

// innerConn is what the wrapped SQLite connection offers.
type innerConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// innerStmt is what a prepared statement of the wrapped driver offers.
type innerStmt interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
}

// cachingConn runs each query and statement through a prepared statement it
// keeps by SQL text, the least recently used dropped beyond stmtCacheSize. A
// statement whose rows are still being read is busy: the same SQL meanwhile
// (a query inside the loop over another's rows) runs uncached. database/sql
// uses a connection from one goroutine at a time, so nothing here locks.
type cachingConn struct {
	innerConn
	stmts map[string]*list.Element
	lru   list.List // of *cachedStmt, most recent first
}

type cachedStmt struct {
	query string
	stmt  innerStmt
	busy  bool
	// dropped: evicted or the connection closed while busy; closed when its
	// rows are.
	dropped bool
}

func newCachingConn(c driver.Conn) driver.Conn {
	inner, ok := c.(innerConn)
	if !ok {
		return c
	}
	return &cachingConn{innerConn: inner, stmts: map[string]*list.Element{}}
}

// take returns the cached statement for query, prepared if it is new, or nil
// when that statement is busy or could not be prepared: the caller then runs
// query uncached (and meets the same error, if there is one).
func (c *cachingConn) take(ctx context.Context, query string) *cachedStmt {
	if e, ok := c.stmts[query]; ok {
		cs := e.Value.(*cachedStmt)
		if cs.busy {
			return nil
		}
		c.lru.MoveToFront(e)
		cs.busy = true
		return cs
	}
	s, err := c.innerConn.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	st, ok := s.(innerStmt)
	if !ok {
		_ = s.Close()
		return nil
	}
	cs := &cachedStmt{query: query, stmt: st, busy: true}
	c.stmts[query] = c.lru.PushFront(cs)
	for c.lru.Len() > stmtCacheSize {
		c.drop(c.lru.Back())
	}
	return cs
}

// drop removes e from the cache and closes its statement, or leaves that to
// release when its rows are still open.
func (c *cachingConn) drop(e *list.Element) {
	cs := c.lru.Remove(e).(*cachedStmt)
	delete(c.stmts, cs.query)
	if cs.busy {
		cs.dropped = true
		return
	}
	_ = cs.stmt.Close()
}

// release ends a use of cs.
func (c *cachingConn) release(cs *cachedStmt) {
	cs.busy = false
	if cs.dropped {
		_ = cs.stmt.Close()
	}
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	cs := c.take(ctx, query)
	if cs == nil {
		return c.innerConn.ExecContext(ctx, query, args)
	}
	defer c.release(cs)
	return cs.stmt.ExecContext(ctx, args)
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	cs := c.take(ctx, query)
	if cs == nil {
		return c.innerConn.QueryContext(ctx, query, args)
	}
	rows, err := cs.stmt.QueryContext(ctx, args)
	if err != nil {
		c.release(cs)
		return nil, err
	}
	if inner, ok := rows.(innerRows); ok {
		return &typedRows{innerRows: inner, cachedRows: cachedRows{conn: c, stmt: cs}}, nil
	}
	return &cachedRows{Rows: rows, conn: c, stmt: cs}, nil
}

// Close closes the cached statements and then the connection.
func (c *cachingConn) Close() error {
	for c.lru.Len() > 0 {
		e := c.lru.Front()
		cs := c.lru.Remove(e).(*cachedStmt)
		_ = cs.stmt.Close()
	}
	c.stmts = map[string]*list.Element{}
	return c.innerConn.Close()
}

// innerRows is what the wrapped driver's rows offer: their column types
// too, which gorm reads when it scans into maps.
type innerRows interface {
	driver.Rows
	driver.RowsColumnTypeDatabaseTypeName
	driver.RowsColumnTypeLength
	driver.RowsColumnTypeNullable
	driver.RowsColumnTypePrecisionScale
	driver.RowsColumnTypeScanType
}

// typedRows are cachedRows that tell their column types.
type typedRows struct {
	innerRows
	cachedRows
}

func (r *typedRows) Close() error { return r.cachedRows.close(r.innerRows) }

// cachedRows gives its statement back to the cache when closed.
type cachedRows struct {
	driver.Rows
	conn   *cachingConn
	stmt   *cachedStmt
	closed bool
}

func (r *cachedRows) Close() error { return r.close(r.Rows) }

func (r *cachedRows) close(rows driver.Rows) error {
	if r.closed {
		return nil
	}
	r.closed = true
	err := rows.Close()
	r.conn.release(r.stmt)
	return err
}

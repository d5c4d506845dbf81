package database

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"time"

	"github.com/libtnb/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	moderncsqlite "modernc.org/sqlite"
)

// DefaultSQLitePath is where the embedded database lives when no DATABASE_URL is set.
const DefaultSQLitePath = "casusoverleg.db"

// Config says which database to open.
type Config struct {
	// URL is a postgres:// URL; empty means the embedded SQLite file at SQLitePath.
	URL string
	// SQLitePath is the embedded database file; ":memory:" keeps it in memory.
	SQLitePath string
	// SearchPath, with PostgreSQL, sets the schema (tests use one schema each).
	SearchPath string
	// Logger receives slow-query and error logs; nil means silence.
	Logger logger.Interface
}

// Open connects to the database of cfg and checks it is reachable.
func Open(ctx context.Context, cfg Config) (*gorm.DB, error) {
	gcfg := &gorm.Config{
		Logger:         cfg.Logger,
		NowFunc:        func() time.Time { return time.Now().UTC() },
		TranslateError: true,
	}
	if gcfg.Logger == nil {
		gcfg.Logger = logger.Discard
	}
	var dialector gorm.Dialector
	if cfg.URL != "" {
		if !strings.HasPrefix(cfg.URL, "postgres://") && !strings.HasPrefix(cfg.URL, "postgresql://") {
			return nil, fmt.Errorf("DATABASE_URL must start with postgres://")
		}
		dsn := cfg.URL
		if cfg.SearchPath != "" {
			dsn = withParam(dsn, "search_path", cfg.SearchPath)
		}
		dialector = postgres.Open(dsn)
	} else {
		path := cfg.SQLitePath
		if path == "" {
			path = DefaultSQLitePath
		}
		// Foreign keys on; WAL, so that readers on other connections go on
		// while one writes; synchronous NORMAL, which in WAL mode keeps the
		// database consistent and syncs at checkpoints instead of at every
		// commit; transactions take the write lock when they begin, so that two
		// never deadlock upgrading a read, and wait for it when busy.
		//
		// No memory-mapped reads (mmap_size 0). A commit on any connection
		// (the audit's, at almost every request) makes every other
		// connection drop its page cache at its next read and, with the
		// file mapped, unmap the whole mapping: each page read after that
		// faulted the mapping in again, a quarter of the CPU of the reads
		// under load. Read by pread into the page cache, the same reads
		// cost less: the agenda JSON, the pages and the signed minutes'
		// download answered 30-80% more requests a second (issue 18,
		// docs/performance.md).
		dsn := path + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
			"&_pragma=synchronous(NORMAL)&_pragma=cache_size(-32768)&_pragma=mmap_size(0)&_txlock=immediate"
		if path == ":memory:" {
			dsn = "file::memory:?_pragma=foreign_keys(1)"
		}
		// Times as glebarez/sqlite wrote them before (issue 18), read back as
		// times; libtnb's Open would add these, the connector does not.
		dsn += "&_texttotime=1&_inttotime=1&_time_format=sqlite"
		connector, err := moderncsqlite.NewConnector(dsn)
		if err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		dialector = sqlite.New(sqlite.Config{Conn: sql.OpenDB(cachingConnector{connector})})
	}
	db, err := gorm.Open(dialector, gcfg)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	// Keep as many idle connections as may be open: database/sql keeps 2 by
	// default, so under load most requests closed a connection and opened a
	// new one (on SQLite that parses the whole schema again; issue 18).
	switch {
	case cfg.URL == "" && cfg.SQLitePath == ":memory:":
		// One connection keeps an in-memory database alive and shared.
		sqlDB.SetMaxOpenConns(1)
	case cfg.URL == "":
		// Readers in parallel, one per core and some; writers take turns (see _txlock).
		n := max(4, 2*runtime.GOMAXPROCS(0))
		sqlDB.SetMaxOpenConns(n)
		sqlDB.SetMaxIdleConns(n)
	default:
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(20)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		return nil, fmt.Errorf("reach database: %w", err)
	}
	slog.Debug("database open", "dialect", db.Dialector.Name())
	return db, nil
}

// Ping reports whether the database answers; /healthz uses it.
func Ping(ctx context.Context, db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Close closes the connection pool.
func Close(db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

func withParam(url, key, value string) string {
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	return url + sep + key + "=" + value
}

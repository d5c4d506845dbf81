package live

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
)

// channelName is the NOTIFY channel of this database schema: servers on one
// schema hear each other, and tests on other schemas of the same database do not.
func (h *Hub) channelName(db *gorm.DB) string {
	h.chanOnce.Do(func() {
		var schema string
		if err := db.Raw("SELECT current_schema()").Scan(&schema).Error; err != nil || schema == "" {
			schema = "public"
		}
		h.channel = "casusoverleg_live_" + schema
	})
	return h.channel
}

// listen holds one dedicated connection in LISTEN while ctx lasts, and
// reconnects after a failure.
func (h *Hub) listen(ctx context.Context, ready chan struct{}) {
	for ctx.Err() == nil {
		err := h.listenOnce(ctx, ready)
		if ctx.Err() != nil {
			return
		}
		slog.Warn("live: listening failed; retrying", "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

func (h *Hub) listenOnce(ctx context.Context, ready chan struct{}) error {
	channel := h.channelName(h.db.WithContext(ctx))
	sqlDB, err := h.db.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("live: not a pgx connection: %T", dc)
		}
		pc := sc.Conn()
		if _, err := pc.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
			return driver.ErrBadConn
		}
		select {
		case <-ready:
		default:
			close(ready)
		}
		for {
			n, err := pc.WaitForNotification(ctx)
			if err != nil {
				// The connection is in LISTEN (or broken): never give it back to the pool.
				return driver.ErrBadConn
			}
			var ev Event
			if err := json.Unmarshal([]byte(n.Payload), &ev); err != nil {
				slog.Warn("live: unreadable notification", "err", err)
				continue
			}
			h.deliver(ev)
		}
	})
}

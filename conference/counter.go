package conference

import (
	"fmt"

	"gorm.io/gorm"
)

// counterRow is the last number handed out in one numbering scope, such as
// the case references of a year ("case:2026") or a meeting's addenda.
type counterRow struct {
	Scope string `gorm:"primaryKey;size:100"`
	Value int    `gorm:"not null"`
}

func (counterRow) TableName() string { return "counters" }

// MigrateCounters creates the counters table.
func MigrateCounters(tx *gorm.DB) error { return tx.AutoMigrate(&counterRow{}) }

// NextNumber hands out the next number of scope inside transaction tx. The
// counter row is written (and so locked) in the same transaction as the
// record that takes the number, so two creations at the same moment wait for
// each other instead of failing: PostgreSQL locks the row, SQLite the
// database. The first number of a scope is one more than what firstFrom (a
// SQL expression with its args, e.g. the highest number already stored)
// yields, so records written before the counter existed keep theirs.
func NextNumber(tx *gorm.DB, scope, firstFrom string, args ...any) (int, error) {
	var next int
	q := fmt.Sprintf(`INSERT INTO counters (scope, value) VALUES (?, (%s) + 1)
ON CONFLICT (scope) DO UPDATE SET value = counters.value + 1 RETURNING value`, firstFrom)
	if err := tx.Raw(q, append([]any{scope}, args...)...).Scan(&next).Error; err != nil {
		return 0, dbError(err, "counter")
	}
	return next, nil
}

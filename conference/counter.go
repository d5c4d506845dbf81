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

// numberCase gives pending case c (stored by insertCase with seq 0) the next
// reference number of year and sets c.Reference. It takes the counter's row
// lock, so it is the last statement of the transaction that created c: the
// lock is then held only until the commit.
func numberCase(tx *gorm.DB, c *Case, year int) error {
	seq, err := NextNumber(tx, fmt.Sprintf("case:%d", year), "SELECT COALESCE(MAX(seq), 0) FROM cases WHERE year = ?", year)
	if err != nil {
		return err
	}
	ref := FormatReference(year, seq)
	res := tx.Exec("UPDATE cases SET seq = ?, reference = ? WHERE id = ? AND seq = 0", seq, ref, c.ID)
	if res.Error != nil {
		return dbError(res.Error, "reference")
	}
	if res.RowsAffected != 1 {
		return fmt.Errorf("number case %d: not a pending case", c.ID)
	}
	c.Reference = ref
	return nil
}

// MigrateReferenceLast makes the unique indexes on a case's reference partial
// (seq > 0), so that cases stored before they are numbered do not collide.
func MigrateReferenceLast(tx *gorm.DB) error {
	for _, q := range []string{
		"DROP INDEX IF EXISTS idx_case_ref",
		"DROP INDEX IF EXISTS idx_cases_reference",
		"CREATE UNIQUE INDEX idx_case_ref ON cases (year, seq) WHERE seq > 0",
		"CREATE UNIQUE INDEX idx_cases_reference ON cases (reference) WHERE seq > 0",
	} {
		if err := tx.Exec(q).Error; err != nil {
			return fmt.Errorf("case reference indexes: %w", err)
		}
	}
	return nil
}

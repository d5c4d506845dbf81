package reports

import "gorm.io/gorm"

// MigrateIndexes adds the indexes the report queries read instead of the
// tables: each covers the columns its GROUP BY needs, so a year of five
// (benchmark region: 17,000 actions, 13,000 agenda items, 2,000 cases) is
// counted from the index alone. A versioned migration step calls it.
func MigrateIndexes(tx *gorm.DB) error {
	for _, q := range []string{
		"CREATE INDEX IF NOT EXISTS idx_actions_report ON actions (due_date, owner_organisation_id, done_at)",
		"CREATE INDEX IF NOT EXISTS idx_cases_report ON cases (created_at, theme, referring_organisation_id, postcode, neighbourhood)",
		"CREATE INDEX IF NOT EXISTS idx_cases_closed ON cases (status, updated_at)",
		"CREATE INDEX IF NOT EXISTS idx_decisions_outcome_created ON decisions (outcome, created_at)",
		"CREATE INDEX IF NOT EXISTS idx_agenda_items_discussed ON agenda_items (conference_id, case_id) WHERE status = 'accepted'",
		"CREATE INDEX IF NOT EXISTS idx_agenda_items_case_discussed ON agenda_items (case_id, conference_id) WHERE status = 'accepted'",
		"CREATE INDEX IF NOT EXISTS idx_attendances_report ON attendances (conference_id, organisation_id, presence)",
	} {
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	return nil
}

// MigrateRepeats serves the repeat referrals and the count of cases closed
// by their closing day (issue 20 after the persons of issue 16): the cases'
// report index gains repeat_of, so referred, repeat referrals and the
// neighbourhoods are still counted from the index alone, and closed cases are
// found by (status, closed_at) instead of updated_at. Cases closed before
// closed_at was kept get their last change as closing day, which is what the
// reports counted until now. A versioned migration step calls it.
func MigrateRepeats(tx *gorm.DB) error {
	for _, q := range []string{
		"UPDATE cases SET closed_at = updated_at WHERE status = 'afgesloten' AND closed_at IS NULL",
		"CREATE INDEX IF NOT EXISTS idx_cases_report_repeat ON cases (created_at, theme, referring_organisation_id, postcode, neighbourhood, repeat_of)",
		"DROP INDEX IF EXISTS idx_cases_report",
		"CREATE INDEX IF NOT EXISTS idx_cases_closed_at ON cases (status, closed_at)",
		"DROP INDEX IF EXISTS idx_cases_closed",
	} {
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	return nil
}

// MigrateSpeed adds the indexes that let the SQLite planner read one year of
// five instead of everything (issue 20, point 4): the actions of each owner
// organisation by due date, so the per-organisation counts neither visit
// every action of an organisation nor join an organisation per action; the
// cases of each theme by referral date; and the agendas a case was on, for
// the repeat referrals per series. A versioned migration step calls it.
func MigrateSpeed(tx *gorm.DB) error {
	for _, q := range []string{
		"CREATE INDEX IF NOT EXISTS idx_actions_owner_due ON actions (owner_organisation_id, due_date, done_at)",
		"CREATE INDEX IF NOT EXISTS idx_cases_theme_created ON cases (theme, created_at)",
		"CREATE INDEX IF NOT EXISTS idx_agenda_items_case_conference ON agenda_items (case_id, conference_id)",
	} {
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	return nil
}

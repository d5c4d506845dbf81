package database

import (
	"context"
	"fmt"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/auth"
	"casusoverleg/internal/cache"
	"casusoverleg/internal/live"
	"casusoverleg/internal/notify"
	"casusoverleg/internal/privacy"
	"casusoverleg/internal/reports"
	"casusoverleg/internal/retention"
	"casusoverleg/internal/signing"
	"casusoverleg/minutes"
	"casusoverleg/templates"
)

// migrations lists every schema step in order. A step, once released, never
// changes: a later change is a new step with a new ID. Additive steps may call
// a domain package's MigrateSchema (gorm AutoMigrate); anything else is SQL.
func migrations() []*gormigrate.Migration {
	return []*gormigrate.Migration{
		{ID: "202611230001_conference", Migrate: conference.MigrateSchema},
		{ID: "202611230002_auth", Migrate: auth.MigrateSchema},
		{ID: "202611230003_audit", Migrate: audit.MigrateSchema},
		{ID: "202611230004_agenda", Migrate: func(tx *gorm.DB) error {
			if err := agenda.MigrateQuestionSets(tx); err != nil {
				return err
			}
			return agenda.MigrateItems(tx)
		}},
		{ID: "202611230005_minutes", Migrate: minutes.MigrateSchema},
		{ID: "202611230006_signing", Migrate: func(tx *gorm.DB) error {
			if err := minutes.MigrateSigning(tx); err != nil {
				return err
			}
			return signing.MigrateSchema(tx)
		}},
		{ID: "202611230007_indexes", Migrate: func(tx *gorm.DB) error {
			// Found by the benchmark on five years of history: the agenda
			// build looks for cases due for review and for open actions; a
			// case page shows the latest views of the case, in seq order.
			for _, q := range []string{
				"CREATE INDEX IF NOT EXISTS idx_cases_review_date ON cases (review_date)",
				"CREATE INDEX IF NOT EXISTS idx_actions_open ON actions (conference_id) WHERE done_at IS NULL",
				"CREATE INDEX IF NOT EXISTS idx_audit_events_record_seq ON audit_events (record_type, record_id, seq)",
				"DROP INDEX IF EXISTS idx_audit_events_record",
			} {
				if err := tx.Exec(q).Error; err != nil {
					return err
				}
			}
			return nil
		}},
		// Numbers (case references, addenda) come from a counter row locked
		// in the creating transaction, so concurrent creations never collide.
		{ID: "2026120212_counters", Migrate: conference.MigrateCounters},
		{ID: "2026120215_minutes_originals", Migrate: minutes.MigrateOriginals},
		{ID: "2026120215_comment_round", Migrate: minutes.MigrateComments},
		{ID: "2026120216_persons", Migrate: conference.MigratePersons},
		{ID: "2026120213_minutes_editing", Migrate: func(tx *gorm.DB) error {
			if err := conference.MigrateConfidentiality(tx); err != nil {
				return err
			}
			if err := minutes.MigrateEditing(tx); err != nil {
				return err
			}
			return auth.MigrateRecoveryCodes(tx)
		}},
		// Issue 13: a case is kept current after its referral (director
		// organisation, closing reason, change history); series know when they meet.
		{ID: "2026120213_weekly_cycle", Migrate: conference.MigrateWeeklyCycle},
		{ID: "2026120219_notifications", Migrate: notify.MigrateSchema},
		{ID: "2026120220_report_indexes", Migrate: reports.MigrateIndexes},
		// Question sets carry English texts beside the Dutch (issue 14).
		{ID: "2026120214_questionset_english", Migrate: agenda.MigrateQuestionSets},
		// The meeting in session: its current item, its events and who has it open.
		{ID: "2026120222_live", Migrate: func(tx *gorm.DB) error {
			if err := agenda.MigrateLive(tx); err != nil {
				return err
			}
			return live.MigrateSchema(tx)
		}},
		// Repeat referrals in the reports; cases closed counted by closed_at.
		{ID: "2026120220_report_repeats", Migrate: reports.MigrateRepeats},
		// The confidentiality statement accepted on the meeting page (issue 22).
		{ID: "2026120222_confidentiality_accepted", Migrate: conference.MigrateAcceptances},
		// Issue 17: closing with an outcome; retention settings, destruction
		// lists and the records of what was destroyed.
		{ID: "2026120217_closing_outcome", Migrate: conference.MigrateClosing},
		{ID: "2026120217_retention", Migrate: retention.MigrateSchema},
		// The audit log survives its own retention: signed checkpoints (issue 17).
		{ID: "2026120217_audit_checkpoints", Migrate: audit.MigrateCheckpoints},
		// The register of requests for correction or erasure (issue 17).
		{ID: "2026120217_privacy_requests", Migrate: privacy.MigrateSchema},
		// One audit event per request lists the records it read; an index
		// table finds it by each of them (issue 18).
		{ID: "2026120218_audit_records", Migrate: audit.MigrateRecords},
		// Free text in audit events (reasons typed, search terms) moves
		// beside the chain, hashed in it, so that destroying a case destroys
		// it too (issue 17).
		{ID: "2026120217_audit_texts", Migrate: audit.MigrateTexts},
		// A destroyed case the audit log has not yet heard of is told at the
		// next run, so its texts there are destroyed in the end (issue 17).
		{ID: "2026120217_destruction_audit_pending", Migrate: retention.MigrateAuditPending},
		// Indexes that keep a year's report to that year (issue 20, point 4).
		{ID: "2026120220_report_speed", Migrate: reports.MigrateSpeed},
		// Counters bumped by triggers on every write to a cached table, read
		// once per request before a cached record is trusted (issue 18).
		{ID: "2026120218_cache_versions", Migrate: cache.MigrateSchema},
		// Checking cases against the agenda grant reads indexes only (issue 15).
		{ID: "2026120215_case_grant_indexes", Migrate: agenda.MigrateCaseGrantIndexes},
		// A case takes its reference number as the last statement of the
		// referral's transaction; until then it is stored unnumbered (seq 0),
		// which the unique indexes on the reference leave out (issue 18).
		{ID: "2026120218_case_reference_last", Migrate: conference.MigrateReferenceLast},
		// "Mijn acties" reads an organisation's open actions and one page of
		// its done ones from indexes of their own (issue 18's load profile).
		{ID: "2026120218_my_actions_indexes", Migrate: minutes.MigrateMyActionsIndexes},
		// "Mijn acties" lists an organisation's current mandates from an
		// index instead of reading every mandate of the region.
		{ID: "2026120318_my_mandates_index", Migrate: minutes.MigrateMyMandatesIndex},
		// Every page names organisations: they are cached under a counter of
		// their own (issue 18, the pages' statements).
		{ID: "2026120318_cache_organisations", Migrate: cache.MigrateOrganisations},
		// The signed minutes' download serves the stored copy from memory
		// while the database says no copy was added or destroyed (issue 15).
		{ID: "2026120316_cache_originals", Migrate: cache.MigrateOriginals},
		// An agenda's items and cases are read once per app server and kept
		// until a write to them; who may see which case is still asked per
		// request (issue 18).
		{ID: "2026120316_cache_agenda", Migrate: cache.MigrateAgenda},
	}
}

// Migrate brings the schema to the newest version, recording each step in the
// table schema_migrations. It is safe to run on every start.
func Migrate(ctx context.Context, db *gorm.DB) error {
	opts := *gormigrate.DefaultOptions
	opts.TableName = "schema_migrations"
	m := gormigrate.New(db.WithContext(ctx), &opts, migrations())
	if err := m.Migrate(); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if db.Dialector.Name() == "sqlite" {
		// Keep the query planner's statistics current (PostgreSQL's autovacuum does this there).
		if err := db.WithContext(ctx).Exec("PRAGMA optimize=0x10002").Error; err != nil {
			return fmt.Errorf("optimize: %w", err)
		}
	}
	// Built-in question sets shipped with this release; installed sets are the admins' to edit.
	store := agenda.NewStore(db, nil, conference.NewStore(db, nil))
	if _, err := store.InstallBuiltIn(ctx, templates.FS, "questionsets"); err != nil {
		return fmt.Errorf("install question sets: %w", err)
	}
	return nil
}

// Applied lists the IDs of the migration steps recorded in the database.
func Applied(ctx context.Context, db *gorm.DB) ([]string, error) {
	var ids []string
	err := db.WithContext(ctx).Table("schema_migrations").Order("id").Pluck("id", &ids).Error
	return ids, err
}

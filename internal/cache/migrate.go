package cache

import (
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"
)

// watch says which writes to a table bump which counter.
type watch struct {
	table string
	kind  Kind
	// events are the writes that bump, as both dialects spell them in a trigger.
	events []string
}

// watches lists every table a cached record is read from. Inserts of users,
// tokens, conferences and the like bump too, though no entry can be stale by
// them (misses are not cached), except where they are frequent: a new token
// or session bumps nothing.
var watches = []watch{
	{"users", Users, []string{"INSERT", "UPDATE", "DELETE"}},
	{"api_tokens", Tokens, []string{"UPDATE OF revoked_at", "DELETE"}},
	{"sessions", Sessions, []string{"DELETE"}}, // and a change of data: sessionTriggers
	{"conferences", Conferences, []string{"INSERT", "UPDATE", "DELETE"}},
	{"series", Series, []string{"INSERT", "UPDATE", "DELETE"}},
	{"series_organisations", Series, []string{"INSERT", "UPDATE", "DELETE"}},
	{"series_question_sets", Series, []string{"INSERT", "UPDATE", "DELETE"}},
	{"question_sets", QuestionSets, []string{"INSERT", "UPDATE", "DELETE"}},
}

// organisationWatches are the watches of the migration step that added the
// organisations' counter (2026120318_cache_organisations).
var organisationWatches = []watch{{"organisations", Organisations, []string{"INSERT", "UPDATE", "DELETE"}}}

// originalWatches are the watches of the migration step that added the
// signed originals' counter (2026120316_cache_originals).
var originalWatches = []watch{{"minutes_originals", Originals, []string{"INSERT", "UPDATE", "DELETE"}}}

// agendaWatches are the tables an agenda is read from (2026120316_cache_agenda).
// They are written often and together with other tables, so on PostgreSQL
// their counter is bumped at commit (agendaTriggersPostgres).
var agendaWatches = []watch{
	{"agenda_items", Agenda, []string{"INSERT", "UPDATE", "DELETE"}},
	{"agenda_item_question_sets", Agenda, []string{"INSERT", "UPDATE", "DELETE"}},
	{"cases", Agenda, []string{"INSERT", "UPDATE", "DELETE"}},
	{"case_organisations", Agenda, []string{"INSERT", "UPDATE", "DELETE"}},
}

// MigrateSchema creates the counters and the triggers that bump them. The
// tables watched must exist; it is run by a versioned migration step after them.
func MigrateSchema(tx *gorm.DB) error {
	if err := tx.AutoMigrate(&versionRow{}); err != nil {
		return err
	}
	return addWatches(tx, watches, true)
}

// MigrateOrganisations adds the organisations' counter and its trigger, a
// step after MigrateSchema.
func MigrateOrganisations(tx *gorm.DB) error { return addWatches(tx, organisationWatches, false) }

// MigrateOriginals adds the signed originals' counter and its trigger, a
// step after the table minutes_originals.
func MigrateOriginals(tx *gorm.DB) error { return addWatches(tx, originalWatches, false) }

// MigrateAgenda adds the agenda's counter and its triggers, a step after
// the tables it watches.
func MigrateAgenda(tx *gorm.DB) error {
	if tx.Dialector.Name() != "postgres" {
		return addWatches(tx, agendaWatches, false)
	}
	if err := tx.Exec("INSERT INTO cache_versions (kind, version) VALUES (?, 0)", string(Agenda)).Error; err != nil {
		return fmt.Errorf("cache version %s: %w", Agenda, err)
	}
	for _, s := range agendaTriggersPostgres() {
		if err := tx.Exec(s).Error; err != nil {
			return fmt.Errorf("cache trigger: %w", err)
		}
	}
	return nil
}

// agendaTriggersPostgres bump the agenda's counter once per transaction, at
// its commit. A counter bumped by the statement (as the other kinds are)
// is locked from the first write until the commit: a transaction holding
// it that then waits for a row another one has locked, which waits for the
// counter, is a deadlock, and the agenda's tables are written by most
// requests that write. At commit a transaction has every row lock it
// takes; the counter is the last, and its holder waits for nothing else.
// The transaction's own setting says whether it bumped already (a bulk
// insert of question sets is one bump, not one per row).
func agendaTriggersPostgres() []string {
	out := []string{`CREATE OR REPLACE FUNCTION cache_bump_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF current_setting('cache.bumped_' || TG_ARGV[0], true) IS DISTINCT FROM 'yes' THEN
		UPDATE cache_versions SET version = version + 1 WHERE kind = TG_ARGV[0];
		PERFORM set_config('cache.bumped_' || TG_ARGV[0], 'yes', true);
	END IF;
	RETURN NULL;
END $$`}
	for _, w := range agendaWatches {
		out = append(out, fmt.Sprintf("CREATE CONSTRAINT TRIGGER %s_cache_at_commit AFTER %s ON %s "+
			"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_bump_at_commit('%s')",
			w.table, strings.Join(w.events, " OR "), w.table, w.kind))
	}
	return out
}

// addWatches creates the counters of ws's kinds and their triggers; sessions
// also get the trigger on a change of their data.
func addWatches(tx *gorm.DB, ws []watch, sessions bool) error {
	var kinds []Kind
	for _, w := range ws {
		if !slices.Contains(kinds, w.kind) {
			kinds = append(kinds, w.kind)
		}
	}
	for _, k := range kinds {
		if err := tx.Exec("INSERT INTO cache_versions (kind, version) VALUES (?, 0)", string(k)).Error; err != nil {
			return fmt.Errorf("cache version %s: %w", k, err)
		}
	}
	var stmts []string
	if tx.Dialector.Name() == "postgres" {
		stmts = postgresTriggers(ws, sessions)
	} else {
		stmts = sqliteTriggers(ws, sessions)
	}
	for _, s := range stmts {
		if err := tx.Exec(s).Error; err != nil {
			return fmt.Errorf("cache trigger: %w", err)
		}
	}
	return nil
}

// bump is the statement a trigger runs.
func bump(k Kind) string {
	return fmt.Sprintf("UPDATE cache_versions SET version = version + 1 WHERE kind = '%s'", k)
}

func sqliteTriggers(ws []watch, sessions bool) []string {
	var out []string
	for _, w := range ws {
		for i, ev := range w.events {
			out = append(out, fmt.Sprintf("CREATE TRIGGER %s_cache_%d AFTER %s ON %s BEGIN %s; END",
				w.table, i, ev, w.table, bump(w.kind)))
		}
	}
	if !sessions {
		return out
	}
	// A session's data changed (not only its expiry moved on).
	return append(out, "CREATE TRIGGER sessions_cache_data AFTER UPDATE OF data ON sessions "+
		"WHEN OLD.data IS NOT NEW.data BEGIN "+bump(Sessions)+"; END")
}

func postgresTriggers(ws []watch, sessions bool) []string {
	out := []string{`CREATE OR REPLACE FUNCTION cache_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE cache_versions SET version = version + 1 WHERE kind = TG_ARGV[0];
	RETURN NULL;
END $$`}
	for i, w := range ws {
		var events string
		for j, ev := range w.events {
			if j > 0 {
				events += " OR "
			}
			events += ev
		}
		// Once per statement: a bulk insert bumps once.
		out = append(out, fmt.Sprintf("CREATE TRIGGER %s_cache_%d AFTER %s ON %s FOR EACH STATEMENT EXECUTE FUNCTION cache_bump('%s')",
			w.table, i, events, w.table, w.kind))
	}
	if !sessions {
		return out
	}
	return append(out, "CREATE TRIGGER sessions_cache_data AFTER UPDATE OF data ON sessions FOR EACH ROW "+
		"WHEN (OLD.data IS DISTINCT FROM NEW.data) EXECUTE FUNCTION cache_bump('"+string(Sessions)+"')")
}

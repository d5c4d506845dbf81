package cache

import (
	"fmt"
	"slices"

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

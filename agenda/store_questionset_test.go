package agenda_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
	"casusoverleg/templates"
)

// newQuestionSetStore returns an agenda store on a fresh database with an
// empty question_sets table (the migration may have installed the built-in sets).
func newQuestionSetStore(t *testing.T) *agenda.Store {
	t.Helper()
	db := dbtest.Open(t)
	if err := agenda.MigrateQuestionSets(db); err != nil {
		t.Fatalf("MigrateQuestionSets: %v", err)
	}
	if err := db.Exec("DELETE FROM question_sets").Error; err != nil {
		t.Fatalf("empty question_sets: %v", err)
	}
	return agenda.NewStore(db, dbtest.Now, conference.NewStore(db, dbtest.Now))
}

// wantFieldError fails unless err is a validation error (one or several) on field.
func wantFieldError(t *testing.T, err error, field string) {
	t.Helper()
	var one *conference.ValidationError
	var many conference.ValidationErrors
	switch {
	case errors.As(err, &one):
		if one.Field != field {
			t.Errorf("error on field %q (%v), want %q", one.Field, err, field)
		}
	case errors.As(err, &many):
		if !slices.ContainsFunc(many, func(e *conference.ValidationError) bool { return e.Field == field }) {
			t.Errorf("errors %v do not name field %q", err, field)
		}
	default:
		t.Errorf("error %v (%T) is no validation error on %q", err, err, field)
	}
}

func setKeys(sets []agenda.QuestionSet) []string {
	out := make([]string, len(sets))
	for i, q := range sets {
		out[i] = q.Key
	}
	return out
}

func TestInstallBuiltIn(t *testing.T) {
	ctx := context.Background()
	s := newQuestionSetStore(t)
	files := builtInFiles(t)

	added, err := s.InstallBuiltIn(ctx, templates.FS, "questionsets")
	if err != nil {
		t.Fatalf("InstallBuiltIn: %v", err)
	}
	if added != len(files) {
		t.Errorf("added %d, want %d (one per file)", added, len(files))
	}
	sets, err := s.QuestionSets(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	wantOrder := []string{"eerste-aanmelding", "terugkeer-detentie", "gezinsbrede-veiligheid", "radicalisering",
		"persoonsgerichte-aanpak", "buurtgericht"}
	if got := setKeys(sets); !slices.Equal(got, wantOrder) {
		t.Errorf("installed sets %v, want %v", got, wantOrder)
	}
	for _, q := range sets {
		if !q.BuiltIn || !q.Active || q.Version != 1 || !q.CreatedAt.Equal(dbtest.Clock) || len(q.Questions) == 0 {
			t.Errorf("set %s: built_in %v, active %v, version %d, created %v, %d questions",
				q.Key, q.BuiltIn, q.Active, q.Version, q.CreatedAt, len(q.Questions))
		}
	}

	t.Run("OKSelectNazorgReferral", func(t *testing.T) {
		c := conference.Case{ID: 1, Theme: conference.ThemeReturn, Postcode: "5342"}
		want := []string{"eerste-aanmelding", "terugkeer-detentie", "buurtgericht"}
		if got := setKeys(agenda.Select(sets, c, agenda.KindNew)); !slices.Equal(got, want) {
			t.Errorf("Select(nazorg, 5342, new) = %v, want %v", got, want)
		}
	})
	t.Run("OKSelectByTheme", func(t *testing.T) {
		for theme, want := range map[conference.Theme]string{
			conference.ThemeDomestic: "gezinsbrede-veiligheid", conference.ThemeYouth: "gezinsbrede-veiligheid",
			conference.ThemeRadicalisation: "radicalisering", conference.ThemeHighImpact: "persoonsgerichte-aanpak",
		} {
			got := setKeys(agenda.Select(sets, conference.Case{Theme: theme, Postcode: "1012"}, agenda.KindFollowUp))
			if !slices.Equal(got, []string{want, "buurtgericht"}) {
				t.Errorf("Select(%s, follow_up) = %v, want [%s buurtgericht]", theme, got, want)
			}
		}
	})
	t.Run("OKSelectGeneralAndRedacted", func(t *testing.T) {
		if got := agenda.Select(sets, conference.Case{}, agenda.KindGeneral); len(got) != 0 {
			t.Errorf("Select(general) = %v, want none", setKeys(got))
		}
		redacted := conference.Case{ID: 1, Theme: conference.ThemeReturn, Postcode: "5342"}.Redact()
		want := []string{"eerste-aanmelding", "buurtgericht"}
		if got := setKeys(agenda.Select(sets, redacted, agenda.KindNew)); !slices.Equal(got, want) {
			t.Errorf("Select(redacted, new) = %v, want %v", got, want)
		}
	})

	t.Run("OKSecondCallAddsNothing", func(t *testing.T) {
		added, err := s.InstallBuiltIn(ctx, templates.FS, "questionsets")
		if err != nil || added != 0 {
			t.Errorf("second InstallBuiltIn = %d, %v; want 0, nil", added, err)
		}
	})

	t.Run("OKAdminEditKept", func(t *testing.T) {
		q := sets[len(sets)-1] // buurtgericht
		q.Name = "Buurtvragen (aangepast)"
		q.Active = false
		q.Questions = q.Questions[:5]
		if err := s.UpdateQuestionSet(ctx, &q); err != nil {
			t.Fatal(err)
		}
		if added, err := s.InstallBuiltIn(ctx, templates.FS, "questionsets"); err != nil || added != 0 {
			t.Fatalf("InstallBuiltIn after edit = %d, %v; want 0, nil", added, err)
		}
		got, err := s.QuestionSet(ctx, q.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != q.Name || got.Active || len(got.Questions) != 5 || !got.BuiltIn || got.Version != 2 {
			t.Errorf("after reinstall: name %q, active %v, %d questions, built_in %v, version %d",
				got.Name, got.Active, len(got.Questions), got.BuiltIn, got.Version)
		}
	})
}

func TestInstallBuiltInKeepsExistingKey(t *testing.T) {
	ctx := context.Background()
	s := newQuestionSetStore(t)
	own := validSet()
	own.Key = "buurtgericht"
	if err := s.CreateQuestionSet(ctx, &own); err != nil {
		t.Fatal(err)
	}
	added, err := s.InstallBuiltIn(ctx, templates.FS, "questionsets")
	if err != nil {
		t.Fatal(err)
	}
	if want := len(builtInFiles(t)) - 1; added != want {
		t.Errorf("added %d, want %d", added, want)
	}
	got, err := s.QuestionSet(ctx, own.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, own) {
		t.Errorf("admin's set changed by install:\n got %+v\nwant %+v", got, own)
	}
}

func TestInstallBuiltInBadFile(t *testing.T) {
	good := `{"key":"goed","name":"Goed","questions":[{"key":"vraag","text":"Vraag?","kind":"yes_no"}]}`
	tests := []struct {
		name  string
		files fstest.MapFS
		want  []string // substrings of the error
		field string   // the validation error's field, if any
	}{
		{"ErrField", fstest.MapFS{
			"sets/a.json": {Data: []byte(good)},
			"sets/b.json": {Data: []byte(`{"key":"slecht","name":"Slecht","questions":[{"key":"vraag","text":"","kind":"text"}]}`)},
		}, []string{"sets/b.json", "questions[0].text"}, "questions[0].text"},
		{"ErrUnknownField", fstest.MapFS{
			"sets/a.json": {Data: []byte(`{"key":"goed","name":"Goed","theme":["nazorg"],"questions":[]}`)},
		}, []string{"sets/a.json", `"theme"`}, ""},
		{"ErrSyntax", fstest.MapFS{
			"sets/a.json": {Data: []byte(`{"key":"goed",`)},
		}, []string{"sets/a.json"}, ""},
		{"ErrDuplicateKey", fstest.MapFS{
			"sets/a.json": {Data: []byte(good)},
			"sets/b.json": {Data: []byte(good)},
		}, []string{"sets/b.json", "key", "sets/a.json"}, "key"},
		{"ErrNoFiles", fstest.MapFS{
			"sets/readme.txt": {Data: []byte("geen sets")},
		}, []string{"sets/*.json"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := newQuestionSetStore(t)
			added, err := s.InstallBuiltIn(ctx, tt.files, "sets")
			if err == nil {
				t.Fatalf("InstallBuiltIn = %d, nil; want an error", added)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if tt.field != "" {
				wantFieldError(t, err, tt.field)
			}
			if sets, err := s.QuestionSets(ctx, false); err != nil || len(sets) != 0 {
				t.Errorf("after a failed install: %d sets (%v), want none", len(sets), err)
			}
		})
	}
}

func TestQuestionSetCRUD(t *testing.T) {
	ctx := context.Background()
	s := newQuestionSetStore(t)

	q := validSet()
	q.BuiltIn = true // only InstallBuiltIn makes built-in sets
	if err := s.CreateQuestionSet(ctx, &q); err != nil {
		t.Fatalf("CreateQuestionSet: %v", err)
	}
	if q.ID == 0 || q.Version != 1 || q.BuiltIn || !q.CreatedAt.Equal(dbtest.Clock) {
		t.Errorf("created: id %d, version %d, built_in %v, created %v", q.ID, q.Version, q.BuiltIn, q.CreatedAt)
	}

	t.Run("OKRead", func(t *testing.T) {
		got, err := s.QuestionSet(ctx, q.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, q) {
			t.Errorf("QuestionSet:\n got %+v\nwant %+v", got, q)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := s.QuestionSet(ctx, q.ID+100)
		if !errors.Is(err, agenda.ErrNotFound) || !errors.Is(err, conference.ErrNotFound) {
			t.Errorf("QuestionSet(missing) = %v, want ErrNotFound", err)
		}
		missing := validSet()
		missing.ID, missing.Key, missing.Version = q.ID+100, "ontbreekt", 1
		if err := s.UpdateQuestionSet(ctx, &missing); !errors.Is(err, agenda.ErrNotFound) {
			t.Errorf("UpdateQuestionSet(missing) = %v, want ErrNotFound", err)
		}
	})

	t.Run("ErrValidation", func(t *testing.T) {
		bad := validSet()
		bad.Key = "andere"
		bad.Questions[0].Text = ""
		wantFieldError(t, s.CreateQuestionSet(ctx, &bad), "questions[0].text")
		if sets, _ := s.QuestionSets(ctx, false); len(sets) != 1 {
			t.Errorf("%d sets after a refused create, want 1", len(sets))
		}
	})

	t.Run("ErrDuplicateKey", func(t *testing.T) {
		dup := validSet()
		err := s.CreateQuestionSet(ctx, &dup)
		wantFieldError(t, err, "key")
		var ve *conference.ValidationError
		if errors.As(err, &ve) && ve.Msg != "is already in use" {
			t.Errorf("message %q, want %q", ve.Msg, "is already in use")
		}
	})

	t.Run("OKUpdate", func(t *testing.T) {
		upd := q
		upd.Questions = append(slices.Clone(q.Questions), agenda.Question{Key: "extra", Text: "Nog iets?", Kind: agenda.AnswerText})
		upd.Postcodes = nil
		upd.Active = false
		upd.BuiltIn = true // ignored: kept as stored
		if err := s.UpdateQuestionSet(ctx, &upd); err != nil {
			t.Fatalf("UpdateQuestionSet: %v", err)
		}
		if upd.Version != 2 || upd.BuiltIn || upd.Active || len(upd.Questions) != 4 || len(upd.Postcodes) != 0 {
			t.Errorf("updated: version %d, built_in %v, active %v, %d questions, postcodes %v",
				upd.Version, upd.BuiltIn, upd.Active, len(upd.Questions), upd.Postcodes)
		}
		got, err := s.QuestionSet(ctx, q.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, upd) {
			t.Errorf("after update:\n got %+v\nwant %+v", got, upd)
		}
	})

	t.Run("ErrConflict", func(t *testing.T) {
		stale := q // still version 1
		stale.Name = "Verouderd"
		err := s.UpdateQuestionSet(ctx, &stale)
		if !errors.Is(err, agenda.ErrConflict) || !errors.Is(err, conference.ErrConflict) {
			t.Errorf("stale update = %v, want ErrConflict", err)
		}
	})

	t.Run("ErrDuplicateKeyOnUpdate", func(t *testing.T) {
		other := validSet()
		other.Key = "tweede"
		if err := s.CreateQuestionSet(ctx, &other); err != nil {
			t.Fatal(err)
		}
		other.Key = q.Key
		wantFieldError(t, s.UpdateQuestionSet(ctx, &other), "key")
	})
}

func TestQuestionSetBuiltInKeyFixed(t *testing.T) {
	ctx := context.Background()
	s := newQuestionSetStore(t)
	if _, err := s.InstallBuiltIn(ctx, templates.FS, "questionsets"); err != nil {
		t.Fatal(err)
	}
	sets, err := s.QuestionSets(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	q := sets[0]
	q.Key = "mijn-aanmelding"
	wantFieldError(t, s.UpdateQuestionSet(ctx, &q), "key")

	q.Key = sets[0].Key
	q.Description = "Aangepast door de beheerder."
	if err := s.UpdateQuestionSet(ctx, &q); err != nil {
		t.Fatalf("edit of a built-in set: %v", err)
	}
	if !q.BuiltIn || q.Description != "Aangepast door de beheerder." {
		t.Errorf("after edit: built_in %v, description %q", q.BuiltIn, q.Description)
	}
}

func TestQuestionSetLists(t *testing.T) {
	ctx := context.Background()
	s := newQuestionSetStore(t)
	create := func(key string, position int, active bool) agenda.QuestionSet {
		t.Helper()
		q := validSet()
		q.Key, q.Position, q.Active = key, position, active
		if err := s.CreateQuestionSet(ctx, &q); err != nil {
			t.Fatal(err)
		}
		return q
	}
	create("c-laat", 50, true)
	create("a-vroeg", 10, true)
	b := create("b-uit", 10, false)
	d := create("d-zelfde", 50, true)

	t.Run("OKAll", func(t *testing.T) {
		sets, err := s.QuestionSets(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := setKeys(sets), []string{"a-vroeg", "b-uit", "c-laat", "d-zelfde"}; !slices.Equal(got, want) {
			t.Errorf("QuestionSets(all) = %v, want %v", got, want)
		}
	})
	t.Run("OKActiveOnly", func(t *testing.T) {
		sets, err := s.QuestionSets(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := setKeys(sets), []string{"a-vroeg", "c-laat", "d-zelfde"}; !slices.Equal(got, want) {
			t.Errorf("QuestionSets(active) = %v, want %v", got, want)
		}
	})
	t.Run("OKByID", func(t *testing.T) {
		got, err := s.QuestionSetsByID(ctx, []int64{b.ID, d.ID, d.ID + 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || !reflect.DeepEqual(got[b.ID], b) || !reflect.DeepEqual(got[d.ID], d) {
			t.Errorf("QuestionSetsByID = %v, want %s and %s", got, b.Key, d.Key)
		}
	})
	t.Run("OKByIDEmpty", func(t *testing.T) {
		got, err := s.QuestionSetsByID(ctx, nil)
		if err != nil || got == nil || len(got) != 0 {
			t.Errorf("QuestionSetsByID(nil) = %v, %v; want an empty map", got, err)
		}
	})
}

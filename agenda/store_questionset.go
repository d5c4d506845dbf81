package agenda

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"casusoverleg/conference"
)

// questionSetRow is one question set. The filters are comma-separated lists;
// the questions are a JSON array.
type questionSetRow struct {
	ID          int64  `gorm:"primaryKey"`
	Key         string `gorm:"size:40;not null;uniqueIndex"`
	Name        string `gorm:"size:200;not null"`
	Description string `gorm:"size:2000;not null"`
	// NameEN and DescriptionEN are the English texts (added in 2026120214).
	NameEN        string `gorm:"size:200;not null;default:''"`
	DescriptionEN string `gorm:"size:2000;not null;default:''"`
	Themes        string `gorm:"size:500;not null"`
	Postcodes     string `gorm:"type:text;not null"`
	ItemKinds     string `gorm:"size:200;not null"`
	Position      int    `gorm:"not null;index"`
	Questions     string `gorm:"type:text;not null"`
	BuiltIn       bool   `gorm:"not null"`
	Active        bool   `gorm:"not null"`
	Version       int    `gorm:"not null;default:1"`
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

func (questionSetRow) TableName() string { return "question_sets" }

// MigrateQuestionSets creates or extends the question_sets table. A versioned
// migration step calls it; it only adds.
func MigrateQuestionSets(tx *gorm.DB) error {
	return tx.AutoMigrate(&questionSetRow{})
}

func questionSetRowOf(q QuestionSet) (questionSetRow, error) {
	questions, err := json.Marshal(q.Questions)
	if err != nil {
		return questionSetRow{}, fmt.Errorf("question set %s: encode questions: %w", q.Key, err)
	}
	return questionSetRow{ID: q.ID, Key: q.Key, Name: q.Name, Description: q.Description, NameEN: q.NameEN, DescriptionEN: q.DescriptionEN,
		Themes: joinList(q.Themes, ","), Postcodes: joinList(q.Postcodes, ","), ItemKinds: joinList(q.ItemKinds, ","),
		Position: q.Position, Questions: string(questions), BuiltIn: q.BuiltIn, Active: q.Active,
		Version: q.Version, CreatedAt: q.CreatedAt, UpdatedAt: q.UpdatedAt}, nil
}

func (r questionSetRow) domain() (QuestionSet, error) {
	var questions []Question
	if err := json.Unmarshal([]byte(r.Questions), &questions); err != nil {
		return QuestionSet{}, fmt.Errorf("question set %d: decode questions: %w", r.ID, err)
	}
	return QuestionSet{ID: r.ID, Key: r.Key, Name: r.Name, Description: r.Description, NameEN: r.NameEN, DescriptionEN: r.DescriptionEN,
		Themes: splitList[conference.Theme](r.Themes), Postcodes: splitList[string](r.Postcodes),
		ItemKinds: splitList[Kind](r.ItemKinds), Position: r.Position, Questions: questions,
		BuiltIn: r.BuiltIn, Active: r.Active, Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}, nil
}

// splitList returns an empty, non-nil slice for "", so JSON shows [].
func splitList[T ~string](s string) []T {
	out := []T{}
	if s == "" {
		return out
	}
	for _, p := range strings.Split(s, ",") {
		out = append(out, T(p))
	}
	return out
}

// questionSetDBError maps a gorm or driver error to the package's errors.
func questionSetDBError(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	case questionSetKeyTaken(err):
		return &conference.ValidationError{Field: "key", Msg: "is already in use"}
	}
	return fmt.Errorf("%s: %w", what, err)
}

// questionSetKeyTaken reports whether err is a unique violation; the key is
// the only unique column of question_sets besides the id.
func questionSetKeyTaken(err error) bool {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}

// CreateQuestionSet validates and stores q as a new set, setting its ID,
// Version and times. A key in use is a ValidationError on "key". Only
// InstallBuiltIn makes built-in sets, so BuiltIn is cleared.
// Other invalid input is a conference.ValidationError naming the field.
func (s *Store) CreateQuestionSet(ctx context.Context, q *QuestionSet) error {
	if err := q.Validate(); err != nil {
		return err
	}
	now := s.now()
	q.ID, q.BuiltIn, q.Version, q.CreatedAt, q.UpdatedAt = 0, false, 1, now, now
	row, err := questionSetRowOf(*q)
	if err != nil {
		return err
	}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return questionSetDBError(err, "question set")
	}
	*q, err = row.domain()
	return err
}

// UpdateQuestionSet validates and stores the changed q. q.Version must be the
// stored one (ErrConflict otherwise). The key of a built-in set cannot change,
// and BuiltIn itself is kept as stored.
// Returns ErrNotFound when there is no such set and a conference.ValidationError naming the field
// for invalid input or a key already in use.
func (s *Store) UpdateQuestionSet(ctx context.Context, q *QuestionSet) error {
	if err := q.Validate(); err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var row questionSetRow
		if err := tx.First(&row, q.ID).Error; err != nil {
			return questionSetDBError(err, "question set")
		}
		if row.Version != q.Version {
			return fmt.Errorf("question set %s changed since version %d: %w", row.Key, q.Version, ErrConflict)
		}
		if row.BuiltIn && q.Key != row.Key {
			return &conference.ValidationError{Field: "key", Msg: "cannot be changed for a built-in set"}
		}
		q.BuiltIn = row.BuiltIn
		next, err := questionSetRowOf(*q)
		if err != nil {
			return err
		}
		res := tx.Model(&questionSetRow{}).Where("id = ? AND version = ?", q.ID, q.Version).Updates(map[string]any{
			"key": next.Key, "name": next.Name, "description": next.Description, "themes": next.Themes,
			"postcodes": next.Postcodes, "item_kinds": next.ItemKinds, "position": next.Position,
			"questions": next.Questions, "active": next.Active,
			"version": gorm.Expr("version + 1"), "updated_at": s.now(),
		})
		if res.Error != nil {
			return questionSetDBError(res.Error, "question set")
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("question set %s changed since version %d: %w", row.Key, q.Version, ErrConflict)
		}
		if err := tx.First(&row, q.ID).Error; err != nil {
			return questionSetDBError(err, "question set")
		}
		*q, err = row.domain()
		return err
	})
}

// QuestionSet returns one question set, or ErrNotFound.
func (s *Store) QuestionSet(ctx context.Context, id int64) (QuestionSet, error) {
	var row questionSetRow
	if err := s.db.WithContext(ctx).First(&row, id).Error; err != nil {
		return QuestionSet{}, questionSetDBError(err, "question set")
	}
	return row.domain()
}

// QuestionSets lists the question sets by Position, then ID; with activeOnly
// only the active ones.
// Returns only database errors (or stored questions that no longer decode).
func (s *Store) QuestionSets(ctx context.Context, activeOnly bool) ([]QuestionSet, error) {
	q := s.db.WithContext(ctx).Model(&questionSetRow{})
	if activeOnly {
		q = q.Where("active = ?", true)
	}
	var rows []questionSetRow
	if err := q.Order("position, id").Find(&rows).Error; err != nil {
		return nil, questionSetDBError(err, "question sets")
	}
	return questionSetDomains(rows)
}

// QuestionSetsByID returns the question sets with those ids, keyed by id.
// Ids that do not exist are left out.
// Returns only database errors (or stored questions that no longer decode).
func (s *Store) QuestionSetsByID(ctx context.Context, ids []int64) (map[int64]QuestionSet, error) {
	if len(ids) == 0 {
		return map[int64]QuestionSet{}, nil
	}
	// Items share sets: each is asked for once, so that the list does not
	// grow with the items; the ones not cached in one statement.
	return s.sets.LoadMany(ctx, ids, func(missing []int64) (map[int64]QuestionSet, error) {
		var rows []questionSetRow
		if err := s.db.WithContext(ctx).Where(conference.IDIn(s.db, "id", missing)).Find(&rows).Error; err != nil {
			return nil, questionSetDBError(err, "question sets")
		}
		sets, err := questionSetDomains(rows)
		if err != nil {
			return nil, err
		}
		out := make(map[int64]QuestionSet, len(sets))
		for _, q := range sets {
			out[q.ID] = q
		}
		return out, nil
	})
}

func questionSetDomains(rows []questionSetRow) ([]QuestionSet, error) {
	out := make([]QuestionSet, len(rows))
	for i, r := range rows {
		var err error
		if out[i], err = r.domain(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// InstallBuiltIn reads every dir/*.json of fsys (one QuestionSet each) and
// inserts, as built-in and active, those whose key is not in the database yet.
// It never overwrites: once installed, a set belongs to the admins. All files
// are read and validated before anything is written, and the inserts are one
// transaction; a bad file is an error naming the file (and the field, as a
// wrapped conference.ValidationErrors). Two servers starting at once are safe:
// a key inserted by the other is skipped.
func (s *Store) InstallBuiltIn(ctx context.Context, fsys fs.FS, dir string) (added int, err error) {
	sets, err := readBuiltIn(fsys, dir)
	if err != nil {
		return 0, err
	}
	now := s.now()
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		added = 0
		for _, q := range sets {
			q.ID, q.BuiltIn, q.Active, q.Version, q.CreatedAt, q.UpdatedAt = 0, true, true, 1, now, now
			row, err := questionSetRowOf(q)
			if err != nil {
				return err
			}
			res := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}}, DoNothing: true}).Create(&row)
			if res.Error != nil {
				return fmt.Errorf("install question set %s: %w", q.Key, questionSetDBError(res.Error, "question set"))
			}
			added += int(res.RowsAffected)
			if res.RowsAffected == 0 {
				if err := addEnglish(tx, q); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

// addEnglish gives an installed built-in set the English texts of its file
// where it has none yet: the set's name and description, and each question's
// text, help and choice labels, matched by question key. The Dutch texts,
// which admins may have edited, stay as they are; so does the version.
func addEnglish(tx *gorm.DB, file QuestionSet) error {
	var row questionSetRow
	if err := tx.Where("key = ? AND built_in = ?", file.Key, true).Take(&row).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil
		}
		return questionSetDBError(err, "question set "+file.Key)
	}
	have, err := row.domain()
	if err != nil {
		return err
	}
	byKey := make(map[string]Question, len(file.Questions))
	for _, fq := range file.Questions {
		byKey[fq.Key] = fq
	}
	changed := false
	if have.NameEN == "" && have.DescriptionEN == "" {
		have.NameEN, have.DescriptionEN, changed = file.NameEN, file.DescriptionEN, true
	}
	for i, q := range have.Questions {
		fq, ok := byKey[q.Key]
		if !ok || q.TextEN != "" || q.HelpEN != "" || len(q.ChoicesEN) > 0 {
			continue
		}
		have.Questions[i].TextEN, have.Questions[i].HelpEN, changed = fq.TextEN, fq.HelpEN, true
		if slices.Equal(q.Choices, fq.Choices) {
			have.Questions[i].ChoicesEN = fq.ChoicesEN
		}
	}
	if !changed {
		return nil
	}
	upd, err := questionSetRowOf(have)
	if err != nil {
		return err
	}
	err = tx.Model(&questionSetRow{}).Where("id = ?", row.ID).
		Updates(map[string]any{"name_en": upd.NameEN, "description_en": upd.DescriptionEN, "questions": upd.Questions}).Error
	return questionSetDBError(err, "question set "+file.Key)
}

// readBuiltIn decodes and validates dir/*.json in name order. Unknown JSON
// fields are refused, so a misspelt filter does not silently match everything.
func readBuiltIn(fsys fs.FS, dir string) ([]QuestionSet, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("built-in question sets: %w", err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("built-in question sets: no %s/*.json files", dir)
	}
	sets := make([]QuestionSet, 0, len(names))
	byKey := make(map[string]string, len(names))
	for _, name := range names {
		q, err := readQuestionSetFile(fsys, name)
		if err != nil {
			return nil, err
		}
		if other, dup := byKey[q.Key]; dup {
			return nil, fmt.Errorf("%s: %w", name, conference.ValidationErrors{
				{Field: "key", Msg: "is already used by " + other}})
		}
		byKey[q.Key] = name
		sets = append(sets, q)
	}
	return sets, nil
}

func readQuestionSetFile(fsys fs.FS, name string) (QuestionSet, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return QuestionSet{}, fmt.Errorf("%s: %w", name, err)
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.DisallowUnknownFields()
	var q QuestionSet
	if err := dec.Decode(&q); err != nil {
		return QuestionSet{}, fmt.Errorf("%s: %w", name, err)
	}
	if dec.More() {
		return QuestionSet{}, fmt.Errorf("%s: more than one JSON value", name)
	}
	if err := q.Validate(); err != nil {
		return QuestionSet{}, fmt.Errorf("%s: %w", name, err)
	}
	return q, nil
}

package conference

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"casusoverleg/internal/cache"
)

// Store keeps the package's records in a relational database through gorm.
// gorm's errors never leave the store: they are mapped to ErrNotFound,
// ErrConflict or wrapped as internal errors.
type Store struct {
	db     *gorm.DB
	now    func() time.Time
	grants []CaseGrant
	keys   *keyCache
	// notifier writes messages in the transaction of their cause; see SetNotifier.
	notifier Notifier
	// Records read by nearly every request, checked against the cache
	// versions (package cache); nil in a copy working in a transaction.
	users       *cache.Map[int64, User]
	conferences *cache.Map[int64, Conference]
	series      *cache.Map[int64, Series]
	// orgs holds every organisation in name order under key 0: a region has
	// a few dozen, and every page names them.
	orgs *cache.Map[int, []Organisation]
}

// CaseGrant returns a subquery, as SQL text with its variables, that yields a
// row when the actor may see the case of the outer query (its id is cases.id,
// the only column of cases a grant may read: CanSeeCases asks the rule of a
// list of ids named cases) for a reason other than involvement (e.g. chairing
// a conference where the case is on the agenda), or "" when it grants none.
// The store asks it as EXISTS, so it is looked up per case by index rather
// than computed whole. Packages above this one register grants with
// AddCaseGrant, so the need-to-know rule still lives in one query. The text
// is plain SQL with unquoted names, the same on every database: it is pasted
// into the condition as it is, at every check, where building it through gorm
// cost more than running it.
type CaseGrant func(a Actor) (sql string, vars []any)

// NewStore returns a Store on db; now is the clock (tests pass a fixed one).
func NewStore(db *gorm.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now, keys: &keyCache{},
		users: cache.NewMap[int64](cache.Users, cloneUser), conferences: cache.NewMap[int64](cache.Conferences, cloneConference),
		series: cache.NewMap[int64](cache.Series, cloneSeries), orgs: cache.NewMap[int](cache.Organisations, slices.Clone[[]Organisation])}
}

// AddCaseGrant adds a further reason to see a case. Call it while wiring, before serving.
func (s *Store) AddCaseGrant(g CaseGrant) { s.grants = append(s.grants, g) }

// Now returns the store's clock reading.
func (s *Store) Now() time.Time { return s.now() }

// MigrateSchema creates or extends the package's tables. It is called by a
// versioned migration step; it only adds.
func MigrateSchema(tx *gorm.DB) error {
	return tx.AutoMigrate(&organisationRow{}, &userRow{}, &seriesRow{}, &seriesMemberRow{},
		&conferenceRow{}, &caseRow{}, &caseOrgRow{}, &attendanceRow{})
}

// dbError maps a gorm or driver error to the package's sentinel errors.
func dbError(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	case isUniqueViolation(err):
		return fmt.Errorf("%s: %w", what, ErrConflict)
	case isForeignKeyViolation(err):
		return &ValidationError{Field: what, Msg: "refers to a record that does not exist"}
	}
	return fmt.Errorf("%s: %w", what, err)
}

func isUniqueViolation(err error) bool {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}

func isForeignKeyViolation(err error) bool {
	if errors.Is(err, gorm.ErrForeignKeyViolated) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "FOREIGN KEY constraint failed") || strings.Contains(msg, "SQLSTATE 23503")
}

// --- organisations ---

type organisationRow struct {
	ID        int64  `gorm:"primaryKey"`
	Name      string `gorm:"size:200;not null;uniqueIndex"`
	Kind      string `gorm:"size:32;not null"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (organisationRow) TableName() string { return "organisations" }

func (r organisationRow) domain() Organisation {
	return Organisation{ID: r.ID, Name: r.Name, Kind: OrgKind(r.Kind), CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

// CreateOrganisation validates and stores o, setting its ID.
// Returns a ValidationError naming the field for invalid input and ErrConflict when another
// organisation has that name.
func (s *Store) CreateOrganisation(ctx context.Context, o *Organisation) error {
	if err := o.Validate(); err != nil {
		return err
	}
	row := organisationRow{Name: o.Name, Kind: string(o.Kind)}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return dbError(err, "name")
	}
	*o = row.domain()
	return nil
}

// UpdateOrganisation validates and stores the changed o.
// Returns ErrNotFound when there is no such organisation, a ValidationError naming the field for
// invalid input and ErrConflict when another organisation has that name.
func (s *Store) UpdateOrganisation(ctx context.Context, o *Organisation) error {
	if err := o.Validate(); err != nil {
		return err
	}
	db := s.db.WithContext(ctx)
	var row organisationRow
	if err := db.First(&row, o.ID).Error; err != nil {
		return dbError(err, "organisation")
	}
	row.Name, row.Kind = o.Name, string(o.Kind)
	if err := db.Save(&row).Error; err != nil {
		return dbError(err, "name")
	}
	*o = row.domain()
	return nil
}

// Organisation returns one organisation.
// Returns ErrNotFound when there is no such organisation.
func (s *Store) Organisation(ctx context.Context, id int64) (Organisation, error) {
	if all, ok, err := s.cachedOrganisations(ctx); err != nil || ok {
		if i := slices.IndexFunc(all, func(o Organisation) bool { return o.ID == id }); i >= 0 {
			return all[i], nil
		} else if err == nil {
			err = dbError(gorm.ErrRecordNotFound, "organisation")
		}
		return Organisation{}, err
	}
	var row organisationRow
	if err := s.db.WithContext(ctx).First(&row, id).Error; err != nil {
		return Organisation{}, dbError(err, "organisation")
	}
	return row.domain(), nil
}

// Organisations lists organisations by name. Kind filters when set.
// Returns only database errors.
func (s *Store) Organisations(ctx context.Context, kind OrgKind, p Page) ([]Organisation, int64, error) {
	if all, ok, err := s.cachedOrganisations(ctx); err != nil {
		return nil, 0, err
	} else if ok {
		out := []Organisation{}
		for _, o := range all {
			if kind == "" || o.Kind == kind {
				out = append(out, o)
			}
		}
		p = p.Normalize()
		total := len(out)
		out = out[min(p.Offset, total):min(p.Offset+p.Limit, total)]
		return out, int64(total), nil
	}
	q := s.db.WithContext(ctx).Model(&organisationRow{})
	if kind != "" {
		q = q.Where("kind = ?", kind)
	}
	var rows []organisationRow
	total, err := list(q, p, "name", &rows)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Organisation, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, total, nil
}

// cachedOrganisations returns every organisation in name order, from the
// cache or loaded into it, with ok true when the request trusts the cache
// (cache.Versions.Begin); outside one it returns ok false and reads nothing.
func (s *Store) cachedOrganisations(ctx context.Context) (all []Organisation, ok bool, err error) {
	all, hit, st := s.orgs.Get(ctx, 0)
	if hit || !st.OK() {
		return all, hit, nil
	}
	var rows []organisationRow
	if err := s.db.WithContext(ctx).Order("name").Find(&rows).Error; err != nil {
		return nil, false, dbError(err, "organisations")
	}
	all = make([]Organisation, len(rows))
	for i, r := range rows {
		all[i] = r.domain()
	}
	s.orgs.Put(0, all, st)
	return all, true, nil
}

// list counts q, then loads one page of it ordered by order into dst.
func list(q *gorm.DB, p Page, order string, dst any) (int64, error) {
	p = p.Normalize()
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return 0, dbError(err, "list")
	}
	if err := q.Order(order).Limit(p.Limit).Offset(p.Offset).Find(dst).Error; err != nil {
		return 0, dbError(err, "list")
	}
	return total, nil
}

// WithDB returns a copy of s that works on db — typically a transaction of a
// package above, so that its change and this package's are one. The copy
// reads past the caches: a transaction sees its own writes.
func (s *Store) WithDB(db *gorm.DB) *Store {
	c := *s
	c.db = db
	c.users, c.conferences, c.series, c.orgs = nil, nil, nil, nil
	return &c
}

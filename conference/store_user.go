package conference

import (
	"context"
	"strings"
	"time"
)

type userRow struct {
	ID             int64           `gorm:"primaryKey"`
	Name           string          `gorm:"size:200;not null"`
	Email          string          `gorm:"size:254;not null;uniqueIndex"`
	OrganisationID int64           `gorm:"not null;index"`
	Organisation   organisationRow `gorm:"constraint:OnDelete:RESTRICT"`
	// Roles is stored as ",admin,chair," so that one role can be matched with LIKE.
	Roles        string `gorm:"size:100;not null"`
	Active       bool   `gorm:"not null"`
	PasswordHash string `gorm:"size:200"`
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (userRow) TableName() string { return "users" }

func (r userRow) domain() User {
	u := User{ID: r.ID, Name: r.Name, Email: r.Email, OrganisationID: r.OrganisationID, Active: r.Active,
		PasswordHash: r.PasswordHash, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	for _, s := range strings.Split(strings.Trim(r.Roles, ","), ",") {
		if s != "" {
			u.Roles = append(u.Roles, Role(s))
		}
	}
	return u
}

func encodeRoles(roles []Role) string {
	parts := make([]string, len(roles))
	for i, r := range roles {
		parts[i] = string(r)
	}
	return "," + strings.Join(parts, ",") + ","
}

// CreateUser validates and stores u, setting its ID. A duplicate e-mail is ErrConflict.
// Returns a ValidationError naming the field for invalid input or an organisation that does not
// exist.
func (s *Store) CreateUser(ctx context.Context, u *User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	row := userRow{Name: u.Name, Email: u.Email, OrganisationID: u.OrganisationID, Roles: encodeRoles(u.Roles),
		Active: u.Active, PasswordHash: u.PasswordHash}
	if err := s.db.WithContext(ctx).Omit("Organisation").Create(&row).Error; err != nil {
		return dbError(err, fieldOf(err, "email", "organisation_id"))
	}
	*u = row.domain()
	return nil
}

// UpdateUser validates and stores the changed u. The password hash is kept
// unless u carries a new one.
// Returns ErrNotFound when there is no such user, a ValidationError naming the field for invalid
// input or an organisation that does not exist, and ErrConflict when another user has that e-mail
// address.
func (s *Store) UpdateUser(ctx context.Context, u *User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	db := s.db.WithContext(ctx)
	var row userRow
	if err := db.First(&row, u.ID).Error; err != nil {
		return dbError(err, "user")
	}
	row.Name, row.Email, row.OrganisationID, row.Roles, row.Active = u.Name, u.Email, u.OrganisationID, encodeRoles(u.Roles), u.Active
	if u.PasswordHash != "" {
		row.PasswordHash = u.PasswordHash
	}
	if err := db.Omit("Organisation").Save(&row).Error; err != nil {
		return dbError(err, fieldOf(err, "email", "organisation_id"))
	}
	*u = row.domain()
	return nil
}

// User returns one user.
// Returns ErrNotFound when there is no such user.
func (s *Store) User(ctx context.Context, id int64) (User, error) {
	return s.users.Load(ctx, id, func() (User, error) {
		var row userRow
		if err := s.db.WithContext(ctx).First(&row, id).Error; err != nil {
			return User{}, dbError(err, "user")
		}
		return row.domain(), nil
	})
}

// UserByEmail returns the user with that e-mail address (case-insensitive).
// Returns ErrNotFound when no user has that address.
func (s *Store) UserByEmail(ctx context.Context, email string) (User, error) {
	var row userRow
	err := s.db.WithContext(ctx).Where("email = ?", strings.ToLower(strings.TrimSpace(email))).First(&row).Error
	if err != nil {
		return User{}, dbError(err, "user")
	}
	return row.domain(), nil
}

// Users lists users by name.
// Returns only database errors.
func (s *Store) Users(ctx context.Context, f UserFilter) ([]User, int64, error) {
	q := s.db.WithContext(ctx).Model(&userRow{})
	if f.OrganisationID > 0 {
		q = q.Where("organisation_id = ?", f.OrganisationID)
	}
	if f.Role != "" {
		q = q.Where("roles LIKE ?", "%,"+string(f.Role)+",%")
	}
	var rows []userRow
	total, err := list(q, f.Page, "name, id", &rows)
	if err != nil {
		return nil, 0, err
	}
	out := make([]User, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, total, nil
}

// fieldOf picks the field to blame for a constraint error: a foreign key
// failure is blamed on fkField, anything else on uniqueField.
func fieldOf(err error, uniqueField, fkField string) string {
	if isForeignKeyViolation(err) {
		return fkField
	}
	return uniqueField
}

// UsersByID returns the users with those ids, keyed by id; unknown ids are left out.
// Returns only database errors.
func (s *Store) UsersByID(ctx context.Context, ids []int64) (map[int64]User, error) {
	if len(ids) == 0 {
		return map[int64]User{}, nil
	}
	// Each user from the cache when current; the others in one statement.
	return s.users.LoadMany(ctx, ids, func(missing []int64) (map[int64]User, error) {
		var rows []userRow
		if err := s.db.WithContext(ctx).Where(IDIn(s.db, "id", missing)).Find(&rows).Error; err != nil {
			return nil, dbError(err, "users")
		}
		out := make(map[int64]User, len(rows))
		for _, r := range rows {
			out[r.ID] = r.domain()
		}
		return out, nil
	})
}

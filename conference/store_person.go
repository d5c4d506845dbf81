package conference

import (
	"context"
	"crypto/rand"
	"fmt"
	"sync"
	"time"

	"gorm.io/gorm"
)

// personRow is one person on one case. The BSN is kept for display to those
// who may see the case, and as a keyed hash (BSNHash) for matching; NameKey
// and SurnameKey hold the normalised name for matching and search.
type personRow struct {
	ID         int64   `gorm:"primaryKey"`
	CaseID     int64   `gorm:"not null;index"`
	Case       caseRow `gorm:"constraint:OnDelete:CASCADE"`
	IdentityID int64   `gorm:"not null;index"`
	Role       string  `gorm:"size:20;not null"`
	Surname    string  `gorm:"size:100;not null"`
	Initials   string  `gorm:"size:100;not null"`
	BirthDate  *time.Time
	BirthYear  int
	Postcode   string `gorm:"size:4"`
	BSN        string `gorm:"column:bsn;size:9"`
	BSNHash    string `gorm:"column:bsn_hash;size:64;index"`
	NameKey    string `gorm:"size:240;index"`
	SurnameKey string `gorm:"size:100;index"`
	Version    int    `gorm:"not null;default:1"`
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

func (personRow) TableName() string { return "persons" }

// personKeyRow holds the deployment's key for BSN hashes, made once by the
// migration and shared by every app server.
type personKeyRow struct {
	ID  int64  `gorm:"primaryKey;autoIncrement:false"`
	Key []byte `gorm:"not null"`
}

func (personKeyRow) TableName() string { return "person_keys" }

// caseLinkRow records that the chair linked two cases (their persons are the
// same). CaseID is the smaller id, so a link is stored once.
type caseLinkRow struct {
	CaseID      int64   `gorm:"primaryKey;autoIncrement:false"`
	Case        caseRow `gorm:"constraint:OnDelete:CASCADE"`
	OtherCaseID int64   `gorm:"primaryKey;autoIncrement:false;index"`
	OtherCase   caseRow `gorm:"constraint:OnDelete:CASCADE"`
	Reason      string  `gorm:"size:2000;not null"`
	CreatedByID int64
	CreatedAt   time.Time
}

func (caseLinkRow) TableName() string { return "case_links" }

// MigratePersons creates the person tables and the key, adds the columns the
// person rules need to cases and series, and gives every existing case its
// main person (AddMainPersons).
func MigratePersons(tx *gorm.DB) error {
	if err := tx.AutoMigrate(&caseRow{}, &seriesRow{}, &personRow{}, &personKeyRow{}, &caseLinkRow{}); err != nil {
		return err
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	if err := tx.Create(&personKeyRow{ID: 1, Key: key}).Error; err != nil {
		return err
	}
	return AddMainPersons(tx)
}

// AddMainPersons gives every case without persons a main person, read from
// its free-text subject as far as it can be read ("R. de G. (1991)": initials
// R., surname "de G.", born 1991). The subject itself stays as it was, so
// nothing is lost. It is safe to run again.
func AddMainPersons(tx *gorm.DB) error {
	var keyRow personKeyRow
	if err := tx.First(&keyRow, 1).Error; err != nil {
		return dbError(err, "person key")
	}
	var rows []caseRow
	none := tx.Session(&gorm.Session{NewDB: true}).Model(&personRow{}).Select("1").Where("persons.case_id = cases.id")
	return tx.Model(&caseRow{}).Select("id", "subject", "postcode", "created_at").Where("NOT EXISTS (?)", none).
		FindInBatches(&rows, 500, func(b *gorm.DB, _ int) error {
			persons := make([]personRow, len(rows))
			for i, r := range rows {
				p := PersonFromSubject(r.Subject)
				persons[i] = p.row(keyRow.Key)
				persons[i].CaseID, persons[i].Postcode, persons[i].CreatedAt, persons[i].UpdatedAt = r.ID, r.Postcode, r.CreatedAt, r.CreatedAt
			}
			if len(persons) == 0 {
				return nil
			}
			db := tx.Session(&gorm.Session{NewDB: true})
			if err := db.Omit("Case").Create(&persons).Error; err != nil {
				return err
			}
			return db.Exec("UPDATE persons SET identity_id = id WHERE identity_id = 0").Error
		}).Error
}

// keyCache holds the BSN key once read; copies of a Store share it.
type keyCache struct {
	mu  sync.Mutex
	key []byte
}

// personKey returns the deployment's BSN key.
func (s *Store) personKey(db *gorm.DB) ([]byte, error) {
	s.keys.mu.Lock()
	defer s.keys.mu.Unlock()
	if s.keys.key != nil {
		return s.keys.key, nil
	}
	var row personKeyRow
	if err := db.Session(&gorm.Session{NewDB: true}).First(&row, 1).Error; err != nil {
		return nil, dbError(err, "person key")
	}
	s.keys.key = row.Key
	return row.Key, nil
}

// row turns p into its row; key hashes the BSN.
func (p Person) row(key []byte) personRow {
	return personRow{ID: p.ID, CaseID: p.CaseID, IdentityID: p.IdentityID, Role: string(p.Role), Surname: p.Surname,
		Initials: p.Initials, BirthDate: p.BirthDate, BirthYear: p.BirthYear, Postcode: p.Postcode, BSN: p.BSN,
		BSNHash: bsnHash(key, p.BSN), NameKey: nameKey(p), SurnameKey: normaliseSurname(p.Surname), Version: max(p.Version, 1)}
}

// domain turns a row into a Person with its BSN masked; reveal keeps it in full.
func (r personRow) domain(reveal bool) Person {
	p := Person{ID: r.ID, CaseID: r.CaseID, IdentityID: r.IdentityID, Role: PersonRole(r.Role), Surname: r.Surname,
		Initials: r.Initials, BirthYear: r.BirthYear, Postcode: r.Postcode, BSNMasked: MaskBSN(r.BSN),
		Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	if r.BirthDate != nil {
		d := r.BirthDate.UTC()
		p.BirthDate = &d
	}
	if reveal {
		p.BSN = r.BSN
	}
	return p
}

// insertPersons stores the persons of case caseID, each its own identity.
func (s *Store) insertPersons(tx *gorm.DB, caseID int64, persons []Person) ([]Person, error) {
	if len(persons) == 0 {
		return nil, nil
	}
	key, err := s.personKey(tx)
	if err != nil {
		return nil, err
	}
	rows := make([]personRow, len(persons))
	for i, p := range persons {
		p.CaseID, p.ID, p.IdentityID, p.Version = caseID, 0, 0, 1
		rows[i] = p.row(key)
	}
	if err := tx.Omit("Case").Create(&rows).Error; err != nil {
		return nil, dbError(err, "persons")
	}
	out := make([]Person, len(rows))
	for i := range rows {
		if err := tx.Model(&personRow{}).Where("id = ?", rows[i].ID).Update("identity_id", rows[i].ID).Error; err != nil {
			return nil, dbError(err, "persons")
		}
		rows[i].IdentityID = rows[i].ID
		out[i] = rows[i].domain(false)
	}
	return out, nil
}

// personsOf loads the persons of cases, main persons first, keyed by case.
func (s *Store) personsOf(db *gorm.DB, caseIDs []int64, reveal bool) (map[int64][]Person, error) {
	out := make(map[int64][]Person, len(caseIDs))
	if len(caseIDs) == 0 {
		return out, nil
	}
	var rows []personRow
	if err := db.Where(IDIn(db, "case_id", caseIDs)).Order("case_id, id").Find(&rows).Error; err != nil {
		return nil, dbError(err, "persons")
	}
	for _, r := range rows {
		p := r.domain(reveal)
		if p.Role == RoleMain {
			out[r.CaseID] = append([]Person{p}, out[r.CaseID]...)
		} else {
			out[r.CaseID] = append(out[r.CaseID], p)
		}
	}
	return out, nil
}

// refreshSubject sets a case's subject from its main person when it is fully known.
func (s *Store) refreshSubject(tx *gorm.DB, caseID int64) error {
	persons, err := s.personsOf(tx, []int64{caseID}, false)
	if err != nil {
		return err
	}
	main, ok := MainPerson(persons[caseID])
	if !ok || main.BirthDate == nil {
		// A main person read from an old free-text subject cannot name the
		// case better than that subject did: keep it.
		return nil
	}
	if err := tx.Model(&caseRow{}).Where("id = ?", caseID).Updates(map[string]any{"subject": main.Subject(), "updated_at": s.now()}).Error; err != nil {
		return dbError(err, "subject")
	}
	return nil
}

// requireVisible returns ErrForbidden when a may not see case id, ErrNotFound when it does not exist.
func (s *Store) requireVisible(tx *gorm.DB, a Actor, id int64) (caseRow, error) {
	var row caseRow
	if err := tx.First(&row, id).Error; err != nil {
		return caseRow{}, dbError(err, "case")
	}
	seen, err := s.canSeeCases(tx, a, []int64{id})
	if err != nil {
		return caseRow{}, err
	}
	if !seen[id] {
		return caseRow{}, fmt.Errorf("case %s: %w", row.Reference, ErrForbidden)
	}
	return row, nil
}

// Persons returns the persons of case caseID, main person first, for an actor
// who may see the case; reveal gives the BSNs in full. Returns ErrNotFound for
// a case that does not exist and ErrForbidden for one a may not see.
func (s *Store) Persons(ctx context.Context, a Actor, caseID int64, reveal bool) ([]Person, error) {
	db := s.db.WithContext(ctx)
	if _, err := s.requireVisible(db, a, caseID); err != nil {
		return nil, err
	}
	m, err := s.personsOf(db, []int64{caseID}, reveal)
	if err != nil {
		return nil, err
	}
	if m[caseID] == nil {
		return []Person{}, nil
	}
	return m[caseID], nil
}

// Person returns one person for an actor who may see its case. Returns
// ErrNotFound or ErrForbidden as Persons does.
func (s *Store) Person(ctx context.Context, a Actor, id int64) (Person, error) {
	db := s.db.WithContext(ctx)
	var row personRow
	if err := db.First(&row, id).Error; err != nil {
		return Person{}, dbError(err, "person")
	}
	if _, err := s.requireVisible(db, a, row.CaseID); err != nil {
		return Person{}, err
	}
	return row.domain(false), nil
}

// AddPerson validates and adds p to case caseID on behalf of a, who must be
// able to see the case (ErrForbidden). A case has at most one main person;
// the subject follows it. It never collides with another addition.
func (s *Store) AddPerson(ctx context.Context, a Actor, caseID int64, p *Person) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if _, err := s.requireVisible(tx, a, caseID); err != nil {
			return err
		}
		if err := p.Validate(); err != nil {
			return err
		}
		if err := s.checkOneMain(tx, caseID, 0, p.Role); err != nil {
			return err
		}
		out, err := s.insertPersons(tx, caseID, []Person{*p})
		if err != nil {
			return err
		}
		*p = out[0]
		return s.refreshSubject(tx, caseID)
	})
}

func (s *Store) checkOneMain(tx *gorm.DB, caseID, except int64, role PersonRole) error {
	if role != RoleMain {
		return nil
	}
	var n int64
	if err := tx.Model(&personRow{}).Where("case_id = ? AND role = ? AND id <> ?", caseID, RoleMain, except).Count(&n).Error; err != nil {
		return dbError(err, "role")
	}
	if n > 0 {
		return &ValidationError{Field: "role", Msg: "the case already has a main person (hoofdpersoon)"}
	}
	return nil
}

// UpdatePerson stores the changed p on behalf of a, who must be able to see
// its case (ErrForbidden); p.Version must be the stored one (ErrConflict).
// An empty BSN keeps the stored one; "-" removes it.
func (s *Store) UpdatePerson(ctx context.Context, a Actor, p *Person) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var old personRow
		if err := tx.First(&old, p.ID).Error; err != nil {
			return dbError(err, "person")
		}
		if _, err := s.requireVisible(tx, a, old.CaseID); err != nil {
			return err
		}
		switch p.BSN {
		case "":
			p.BSN = old.BSN
		case "-":
			p.BSN = ""
		}
		if err := p.Validate(); err != nil {
			return err
		}
		if err := s.checkOneMain(tx, old.CaseID, old.ID, p.Role); err != nil {
			return err
		}
		key, err := s.personKey(tx)
		if err != nil {
			return err
		}
		p.CaseID, p.IdentityID = old.CaseID, old.IdentityID
		r := p.row(key)
		res := tx.Model(&personRow{}).Where("id = ? AND version = ?", p.ID, p.Version).Updates(map[string]any{
			"role": r.Role, "surname": r.Surname, "initials": r.Initials, "birth_date": r.BirthDate, "birth_year": r.BirthYear,
			"postcode": r.Postcode, "bsn": r.BSN, "bsn_hash": r.BSNHash, "name_key": r.NameKey, "surname_key": r.SurnameKey,
			"version": gorm.Expr("version + 1"), "updated_at": s.now(),
		})
		if res.Error != nil {
			return dbError(res.Error, "person")
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("person %d changed since version %d: %w", p.ID, p.Version, ErrConflict)
		}
		if err := tx.First(&old, p.ID).Error; err != nil {
			return dbError(err, "person")
		}
		*p = old.domain(false)
		return s.refreshSubject(tx, old.CaseID)
	})
}

// RemovePerson removes a person from its case on behalf of a, who must be able
// to see the case (ErrForbidden). The last person of a case stays (422).
// It returns the removed person's case id.
func (s *Store) RemovePerson(ctx context.Context, a Actor, id int64) (int64, error) {
	var caseID int64
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var row personRow
		if err := tx.First(&row, id).Error; err != nil {
			return dbError(err, "person")
		}
		caseID = row.CaseID
		if _, err := s.requireVisible(tx, a, row.CaseID); err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&personRow{}).Where("case_id = ?", row.CaseID).Count(&n).Error; err != nil {
			return dbError(err, "person")
		}
		if n <= 1 {
			return &ValidationError{Field: "person", Msg: "a case keeps at least one person"}
		}
		if err := tx.Delete(&personRow{}, id).Error; err != nil {
			return dbError(err, "person")
		}
		return s.refreshSubject(tx, row.CaseID)
	})
	return caseID, err
}

// ReadPersonKey returns the deployment's BSN key from db, for a bulk loader
// that writes persons itself (see PersonMatchKeys).
func ReadPersonKey(db *gorm.DB) ([]byte, error) {
	var row personKeyRow
	if err := db.First(&row, 1).Error; err != nil {
		return nil, dbError(err, "person key")
	}
	return row.Key, nil
}

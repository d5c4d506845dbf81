package conference_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"casusoverleg/conference"
)

func fields(err error) []string {
	var v conference.ValidationErrors
	if !errors.As(err, &v) {
		return nil
	}
	var out []string
	for _, e := range v {
		out = append(out, e.Field)
	}
	return out
}

func TestValidate(t *testing.T) {
	one := int64(1)
	validCase := func() conference.Case {
		return conference.Case{Subject: "J. de V.", Theme: conference.ThemeReturn, Postcode: "5341",
			Neighbourhood: "Schadewijk", ReferringOrganisationID: 1, InvolvedOrganisationIDs: []int64{2}}
	}
	tests := []struct {
		name  string
		value interface{ Validate() error }
		want  []string // fields named in the error, nil for OK
	}{
		{"OK/organisation", &conference.Organisation{Name: "Politie Oss", Kind: conference.OrgPolitie}, nil},
		{"ErrName/organisation", &conference.Organisation{Name: "  ", Kind: conference.OrgPolitie}, []string{"name"}},
		{"ErrKind/organisation", &conference.Organisation{Name: "X", Kind: "bakker"}, []string{"kind"}},
		{"OK/user", &conference.User{Name: "A", Email: "A@x.nl", OrganisationID: 1, Roles: []conference.Role{"chair"}}, nil},
		{"ErrFields/user", &conference.User{Email: "no-mail", Roles: []conference.Role{"king"}}, []string{"name", "email", "organisation_id", "roles[0]"}},
		{"ErrNoRole/user", &conference.User{Name: "A", Email: "a@x.nl", OrganisationID: 1}, []string{"roles"}},
		{"OK/policy officer", &conference.User{Name: "A", Email: "a@x.nl", OrganisationID: 1, Roles: []conference.Role{conference.RolePolicyOfficer}}, nil},
		{"ErrRoles/policy officer and participant", &conference.User{Name: "A", Email: "a@x.nl", OrganisationID: 1,
			Roles: []conference.Role{conference.RolePolicyOfficer, conference.RoleParticipant}}, []string{"roles"}},
		{"OK/privacy officer", &conference.User{Name: "A", Email: "a@x.nl", OrganisationID: 1, Roles: []conference.Role{conference.RolePrivacyOfficer}}, nil},
		{"ErrRoles/privacy officer and admin", &conference.User{Name: "A", Email: "a@x.nl", OrganisationID: 1,
			Roles: []conference.Role{conference.RolePrivacyOfficer, conference.RoleAdmin}}, []string{"roles"}},
		{"OK/series", &conference.Series{Name: "Nazorg", MemberOrganisationIDs: []int64{1}}, nil},
		{"ErrMembers/series", &conference.Series{Name: "Nazorg"}, []string{"member_organisation_ids"}},
		{"OK/conference", &conference.Conference{SeriesID: 1, StartsAt: time.Now(), DurationMinutes: 90}, nil},
		{"ErrFields/conference", &conference.Conference{DurationMinutes: 5, Status: "open"}, []string{"series_id", "starts_at", "duration_minutes", "status"}},
		{"OK/case", ptr(validCase()), nil},
		{"ErrPostcode/case", func() *conference.Case { c := validCase(); c.Postcode = "53411"; return &c }(), []string{"postcode"}},
		{"ErrTheme/case", func() *conference.Case { c := validCase(); c.Theme = "diefstal"; return &c }(), []string{"theme"}},
		{"ErrRequired/case", &conference.Case{CaseDirectorID: &one}, []string{"theme", "postcode", "neighbourhood", "referring_organisation_id", "involved_organisation_ids", "persons"}},
		{"OK/attendance", &conference.Attendance{UserID: 1, Presence: conference.Excused}, nil},
		{"ErrPresence/attendance", &conference.Attendance{UserID: 1, Presence: "late"}, []string{"presence"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.value.Validate()
			got := fields(err)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("Validate() fields = %v, want %v (err %v)", got, tt.want, err)
			}
		})
	}
}

func TestCaseValidateAddsReferrer(t *testing.T) {
	c := conference.Case{Subject: "X", Theme: conference.ThemeYouth, Postcode: "1011", Neighbourhood: "Centrum",
		ReferringOrganisationID: 3, InvolvedOrganisationIDs: []int64{5, 5, 1}}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if want := []int64{1, 3, 5}; !slices.Equal(c.InvolvedOrganisationIDs, want) {
		t.Fatalf("involved = %v, want %v", c.InvolvedOrganisationIDs, want)
	}
	if c.Status != conference.CaseReferred {
		t.Fatalf("status = %q, want default %q", c.Status, conference.CaseReferred)
	}
}

func ptr[T any](v T) *T { return &v }

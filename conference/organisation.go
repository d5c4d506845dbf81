package conference

import (
	"slices"
	"strings"
	"time"
)

// OrgKind is the kind of a partner organisation.
type OrgKind string

// The kinds of partner organisations that take part in a Zorg- en Veiligheidshuis.
const (
	OrgGemeente         OrgKind = "gemeente"
	OrgPolitie          OrgKind = "politie"
	OrgOM               OrgKind = "om"
	OrgReclassering     OrgKind = "reclassering"
	OrgRvdK             OrgKind = "rvdk"
	OrgVeiligThuis      OrgKind = "veilig_thuis"
	OrgGGZ              OrgKind = "ggz"
	OrgWijkteam         OrgKind = "wijkteam"
	OrgSAVE             OrgKind = "save"
	OrgWoningcorporatie OrgKind = "woningcorporatie"
	OrgOther            OrgKind = "other"
)

// OrgKinds lists every valid OrgKind in display order.
var OrgKinds = []OrgKind{OrgGemeente, OrgPolitie, OrgOM, OrgReclassering, OrgRvdK, OrgVeiligThuis,
	OrgGGZ, OrgWijkteam, OrgSAVE, OrgWoningcorporatie, OrgOther}

// Valid reports whether k is one of OrgKinds.
func (k OrgKind) Valid() bool { return slices.Contains(OrgKinds, k) }

// Organisation is a partner organisation (partnerorganisatie).
type Organisation struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name" validate:"required,max=200"`
	Kind      OrgKind   `json:"kind" validate:"required,oneof=gemeente politie om reclassering rvdk veilig_thuis ggz wijkteam save woningcorporatie other"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate reports what is wrong with o, field by field.
func (o *Organisation) Validate() error {
	o.Name = strings.TrimSpace(o.Name)
	return ValidateStruct(o)
}

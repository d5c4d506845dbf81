package privacy

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"time"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/minutes"
)

// Cases is what the report reads of persons, cases, meetings and organisations.
type Cases interface {
	SearchPersons(ctx context.Context, a conference.Actor, q conference.PersonQuery) ([]conference.PersonHit, int64, error)
	PersonRecords(ctx context.Context, id int64) ([]conference.Person, error)
	Case(ctx context.Context, a conference.Actor, id int64) (conference.Case, error)
	ConferencesByID(ctx context.Context, ids []int64) (map[int64]conference.Conference, error)
	UsersByID(ctx context.Context, ids []int64) (map[int64]conference.User, error)
	Organisations(ctx context.Context, kind conference.OrgKind, p conference.Page) ([]conference.Organisation, int64, error)
}

// Histories gives a case's timeline.
type Histories interface {
	Timeline(ctx context.Context, a conference.Actor, caseID int64) ([]minutes.Event, error)
}

// Reads gives the reads of records from the audit log (audit.Log.ReadsOf).
type Reads interface {
	ReadsOf(ctx context.Context, recordType string, ids []string) ([]audit.Event, error)
}

// Reporter finds persons and assembles access reports.
type Reporter struct {
	cases   Cases
	history Histories
	reads   Reads
	now     func() time.Time
}

// NewReporter returns a Reporter over the given stores; now is the clock.
func NewReporter(cases Cases, history Histories, reads Reads, now func() time.Time) *Reporter {
	return &Reporter{cases: cases, history: history, reads: reads, now: now}
}

// Find returns the person records q matches on any case, at most
// conference.MaxLimit. Returns a conference.ValidationErrors for a bad q.
func (r *Reporter) Find(ctx context.Context, q Query) ([]conference.PersonHit, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	hits, _, err := r.cases.SearchPersons(ctx, conference.System,
		conference.PersonQuery{BSN: q.BSN, Name: q.Name, BirthDate: q.BirthDate, Page: conference.Page{Limit: conference.MaxLimit}})
	return hits, err
}

// Report assembles the access report on the person of record personID.
// Returns conference.ErrNotFound when there is no such record.
func (r *Reporter) Report(ctx context.Context, personID int64) (Report, error) {
	persons, err := r.cases.PersonRecords(ctx, personID)
	if err != nil {
		return Report{}, err
	}
	rep := Report{PersonID: personID, Made: r.now().UTC(), Persons: persons}
	orgs, err := r.organisationNames(ctx)
	if err != nil {
		return Report{}, err
	}
	var caseIDs []int64
	for _, p := range persons {
		if !slices.Contains(caseIDs, p.CaseID) {
			caseIDs = append(caseIDs, p.CaseID)
		}
	}
	refs := map[string]string{} // case id → reference
	ids := make([]string, len(caseIDs))
	access := map[Access]bool{}
	for i, id := range caseIDs {
		c, err := r.cases.Case(ctx, conference.System, id)
		if err != nil {
			return Report{}, err
		}
		history, err := r.history.Timeline(ctx, conference.System, id)
		if err != nil {
			return Report{}, err
		}
		rep.Cases = append(rep.Cases, CaseReport{Case: c, History: history})
		ids[i] = strconv.FormatInt(id, 10)
		refs[ids[i]] = c.Reference
		for _, o := range c.InvolvedOrganisationIDs {
			access[Access{OrganisationID: o, Organisation: orgs[o], CaseReference: c.Reference, Basis: BasisInvolved}] = true
		}
		agenda, err := r.agendaAccess(ctx, c, history, orgs)
		if err != nil {
			return Report{}, err
		}
		for _, a := range agenda {
			access[a] = true
		}
	}
	for a := range access {
		rep.Organisations = append(rep.Organisations, a)
	}
	slices.SortFunc(rep.Organisations, func(x, y Access) int {
		return cmp.Or(cmp.Compare(x.CaseReference, y.CaseReference), cmp.Compare(x.Basis, y.Basis), cmp.Compare(x.Organisation, y.Organisation))
	})
	events, err := r.reads.ReadsOf(ctx, "case", ids)
	if err != nil {
		return Report{}, err
	}
	for _, e := range events {
		rep.Reads = append(rep.Reads, Read{At: e.At, UserID: e.UserID, UserEmail: e.UserEmail, OrganisationID: e.OrganisationID,
			Organisation: orgs[e.OrganisationID], Action: e.Action, CaseReference: refs[e.RecordID]})
	}
	return rep, nil
}

// agendaAccess lists the organisations of the chairs and secretaries of the
// meetings the case was on the agenda of (agenda.CaseGrant).
func (r *Reporter) agendaAccess(ctx context.Context, c conference.Case, history []minutes.Event, orgs map[int64]string) ([]Access, error) {
	var confIDs []int64
	for _, e := range history {
		if e.Kind == "agenda" && e.ItemStatus != "rejected" && e.ConferenceID != 0 {
			confIDs = append(confIDs, e.ConferenceID)
		}
	}
	confs, err := r.cases.ConferencesByID(ctx, confIDs)
	if err != nil {
		return nil, err
	}
	var userIDs []int64
	for _, cf := range confs {
		for _, u := range []*int64{cf.ChairID, cf.SecretaryID} {
			if u != nil {
				userIDs = append(userIDs, *u)
			}
		}
	}
	users, err := r.cases.UsersByID(ctx, userIDs)
	if err != nil {
		return nil, err
	}
	var out []Access
	for _, u := range users {
		out = append(out, Access{OrganisationID: u.OrganisationID, Organisation: orgs[u.OrganisationID], CaseReference: c.Reference, Basis: BasisAgenda})
	}
	return out, nil
}

func (r *Reporter) organisationNames(ctx context.Context) (map[int64]string, error) {
	out := map[int64]string{}
	for offset := 0; ; offset += conference.MaxLimit {
		list, total, err := r.cases.Organisations(ctx, "", conference.Page{Limit: conference.MaxLimit, Offset: offset})
		if err != nil {
			return nil, err
		}
		for _, o := range list {
			out[o.ID] = o.Name
		}
		if int64(offset+len(list)) >= total || len(list) == 0 {
			return out, nil
		}
	}
}

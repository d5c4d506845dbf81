package web

import (
	"context"
	"slices"
	"strings"

	"casusoverleg/conference"
)

// names resolves organisation and user ids to display names in templates.
type names struct {
	orgs  map[int64]conference.Organisation
	users map[int64]conference.User
}

// loadNames loads every organisation (a region has a few dozen) and the users with userIDs.
func (s *Server) loadNames(ctx context.Context, userIDs []int64) (*names, error) {
	users, err := s.store.UsersByID(ctx, userIDs)
	if err != nil {
		return nil, err
	}
	return s.namesWith(ctx, users)
}

// namesWith loads every organisation and names the users given, which the
// caller has read already.
func (s *Server) namesWith(ctx context.Context, users map[int64]conference.User) (*names, error) {
	orgs, _, err := s.store.Organisations(ctx, "", conference.Page{Limit: conference.MaxLimit})
	if err != nil {
		return nil, err
	}
	n := &names{orgs: make(map[int64]conference.Organisation, len(orgs)), users: users}
	for _, o := range orgs {
		n.orgs[o.ID] = o
	}
	return n, nil
}

// OrgName returns the name of organisation id.
func (n *names) OrgName(id int64) string {
	if o, ok := n.orgs[id]; ok {
		return o.Name
	}
	return "—"
}

// OrgNameP returns the name of organisation *id, or a dash for none.
func (n *names) OrgNameP(id *int64) string {
	if id == nil {
		return "—"
	}
	return n.OrgName(*id)
}

// UserName returns the name of user *id, or a dash for none.
func (n *names) UserName(id *int64) string {
	if id == nil {
		return "—"
	}
	return n.UserNameID(*id)
}

// UserNameID returns the name of user id.
func (n *names) UserNameID(id int64) string {
	if u, ok := n.users[id]; ok {
		return u.Name
	}
	return "—"
}

// Organisations lists every organisation, in name order.
func (n *names) Organisations() []conference.Organisation {
	out := make([]conference.Organisation, 0, len(n.orgs))
	for _, o := range n.orgs {
		out = append(out, o)
	}
	sortByName(out)
	return out
}

func ptrIDs(ids ...*int64) []int64 {
	var out []int64
	for _, id := range ids {
		if id != nil {
			out = append(out, *id)
		}
	}
	return out
}

func sortByName(orgs []conference.Organisation) {
	slices.SortFunc(orgs, func(a, b conference.Organisation) int { return strings.Compare(a.Name, b.Name) })
}

package conference

import "slices"

// The caches of users, conferences and series hand out copies, so that a
// caller changing a slice or a pointed-to id changes no other request's record.

func cloneUser(u User) User {
	u.Roles = slices.Clone(u.Roles)
	return u
}

func cloneConference(c Conference) Conference {
	c.ChairID, c.SecretaryID = cloneID(c.ChairID), cloneID(c.SecretaryID)
	return c
}

func cloneSeries(s Series) Series {
	s.DefaultChairID, s.DefaultSecretaryID = cloneID(s.DefaultChairID), cloneID(s.DefaultSecretaryID)
	s.MemberOrganisationIDs = slices.Clone(s.MemberOrganisationIDs)
	s.DefaultQuestionSetIDs = slices.Clone(s.DefaultQuestionSetIDs)
	return s
}

func cloneID(id *int64) *int64 {
	if id == nil {
		return nil
	}
	v := *id
	return &v
}

package web

// nameLog looks names up as names does and remembers each lookup, so that a
// kept rendering (fragment) can tell later whether the names it shows still
// read the same.
type nameLog struct {
	n    *names
	used []nameUse
}

// nameUse is one lookup: an organisation's or a user's name by id.
type nameUse struct {
	user bool
	id   int64
	name string
}

// OrgName is names.OrgName, remembered.
func (l *nameLog) OrgName(id int64) string {
	s := l.n.OrgName(id)
	l.used = append(l.used, nameUse{id: id, name: s})
	return s
}

// OrgNameP is names.OrgNameP, remembered.
func (l *nameLog) OrgNameP(id *int64) string {
	if id == nil {
		return "—"
	}
	return l.OrgName(*id)
}

// UserNameID is names.UserNameID, remembered.
func (l *nameLog) UserNameID(id int64) string {
	s := l.n.UserNameID(id)
	l.used = append(l.used, nameUse{user: true, id: id, name: s})
	return s
}

// sameNames reports whether every lookup in used reads the same in n.
func sameNames(n *names, used []nameUse) bool {
	for _, u := range used {
		got := ""
		if u.user {
			got = n.UserNameID(u.id)
		} else {
			got = n.OrgName(u.id)
		}
		if got != u.name {
			return false
		}
	}
	return true
}

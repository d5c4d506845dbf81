package web

import (
	"bytes"
	"crypto/sha256"
	"html/template"
	"strconv"
	"strings"

	gojson "github.com/goccy/go-json"

	"casusoverleg/agenda"
)

// agendaItem is what the template "agenda_item" shows: item I of the
// agenda page, E as the reader may see it.
type agendaItem struct {
	view
	I           int
	E           agenda.Entry
	First, Last bool
	// Chair gets the tools to order and plan the item; Organiser (chair or
	// secretary) the tools to link or merge known persons.
	Chair, Organiser bool
	// Current is the item under discussion in the running meeting.
	Current bool
}

// AgendaItem renders item i of the agenda page. A participant's rendering
// holds nothing of their session (no form, no CSRF token), only the entry
// as their organisation may see it, so it is kept (fragments) by a hash of
// the entry's JSON — every field the template can read — with the language,
// time zone, whether it is the current item and the organisation names it
// shows. About half of the agenda page's CPU was rendering its 40 items; a
// participant's page now renders only the items that changed. The chair's
// and secretary's items carry forms and are rendered each time.
func (v view) AgendaItem(i int, e agenda.Entry) (template.HTML, error) {
	d, _ := v.Data.(conferenceData)
	it := agendaItem{view: v, I: i, E: e, First: i == 0, Last: i == len(d.Agenda.Items)-1,
		Chair: d.Agenda.Chair, Organiser: d.Agenda.Organiser,
		Current: d.Live.Current != nil && d.Live.Current.ID == e.ID}
	if it.Chair || it.Organiser || v.p.fragments == nil {
		return v.render("agenda_item", it)
	}
	key, err := agendaItemKey(it, d.names)
	if err != nil {
		return "", err
	}
	if f, ok := v.p.fragments.get(key); ok {
		return f.html, nil
	}
	h, err := v.render("agenda_item", it)
	if err != nil {
		return "", err
	}
	// A part that holds the session's token must not be kept; none does.
	if v.CSRF == "" || !strings.Contains(string(h), v.CSRF) {
		v.p.fragments.put(key, fragment{html: h})
	}
	return h, nil
}

// agendaItemKey hashes everything a participant's rendering of it is made of.
func agendaItemKey(it agendaItem, n *names) ([32]byte, error) {
	h := sha256.New()
	flag := func(b bool) string { return strconv.FormatBool(b) }
	h.Write([]byte(strings.Join([]string{"agenda_item", it.Lang, it.loc.String(),
		flag(it.First), flag(it.Last), flag(it.Chair), flag(it.Organiser), flag(it.Current)}, "\x00")))
	h.Write([]byte{0})
	// The question sets are the same few on most items: each is hashed once
	// per page (a set's id stands for the same content within one request).
	e := it.E
	e.QuestionSets = nil
	if err := gojson.NewEncoder(h).Encode(e); err != nil {
		return [32]byte{}, err
	}
	for _, qs := range it.E.QuestionSets {
		k, ok := it.setKeys[qs.ID]
		if !ok {
			sh := sha256.New()
			if err := gojson.NewEncoder(sh).Encode(qs); err != nil {
				return [32]byte{}, err
			}
			sh.Sum(k[:0])
			if it.setKeys != nil {
				it.setKeys[qs.ID] = k
			}
		}
		h.Write(k[:])
	}
	if n != nil {
		for _, m := range it.E.PersonMatches {
			for _, id := range m.Other.InvolvedOrganisationIDs {
				h.Write([]byte(n.OrgName(id)))
				h.Write([]byte{0})
			}
		}
	}
	var k [32]byte
	h.Sum(k[:0])
	return k, nil
}

// render executes the page set's template name with data.
func (v view) render(name string, data any) (template.HTML, error) {
	var buf bytes.Buffer
	if err := v.t.ExecuteTemplate(&buf, name, data); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil // html/template escaped it, in the text context it is shown in
}

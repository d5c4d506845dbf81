package web

import (
	"crypto/sha256"
	"html/template"
	"strings"

	gojson "github.com/goccy/go-json"

	"casusoverleg/minutes"
)

// timelinePart is what the template "case_timeline" shows: the events of a
// case's history. Its Data is the name lookups the events make (nameLog).
type timelinePart struct {
	view
	Events []minutes.Event
}

// CaseTimeline renders the case page's timeline. The timeline is the same
// for every reader who may see the case (the page shows none to others), so
// its rendering is kept (fragments) by a hash of the events' JSON — every
// field the template reads — with the language and time zone; the names of
// organisations and users it shows are remembered as it looks them up and
// checked at each use. It was about a fifth of the case page's CPU.
func (v view) CaseTimeline() (template.HTML, error) {
	d, _ := v.Data.(caseData)
	n := d.names
	if n == nil {
		n = &names{}
	}
	log := &nameLog{n: n}
	part := timelinePart{view: v, Events: d.Timeline}
	part.Data = log
	if v.p.fragments == nil {
		return v.render("case_timeline", part)
	}
	h := sha256.New()
	h.Write([]byte(strings.Join([]string{"case_timeline", v.Lang, v.loc.String()}, "\x00")))
	h.Write([]byte{0})
	if err := gojson.NewEncoder(h).Encode(d.Timeline); err != nil {
		return "", err
	}
	var key [32]byte
	h.Sum(key[:0])
	if f, ok := v.p.fragments.get(key); ok && sameNames(n, f.names) {
		return f.html, nil
	}
	out, err := v.render("case_timeline", part)
	if err != nil {
		return "", err
	}
	if v.CSRF == "" || !strings.Contains(string(out), v.CSRF) {
		v.p.fragments.put(key, fragment{html: out, names: log.used})
	}
	return out, nil
}

package web

import (
	"net/url"
	"strconv"

	"casusoverleg/conference"
)

// pager links the pages of a long list.
type pager struct {
	From, To int
	Total    int64
	PrevURL  string
	NextURL  string
}

func newPager(u *url.URL, p conference.Page, total int64) *pager {
	if total == 0 {
		return nil
	}
	pg := &pager{From: p.Offset + 1, To: min(p.Offset+p.Limit, int(total)), Total: total}
	link := func(offset int) string {
		q := u.Query()
		q.Set("offset", strconv.Itoa(offset))
		return u.Path + "?" + q.Encode()
	}
	if p.Offset > 0 {
		pg.PrevURL = link(max(0, p.Offset-p.Limit))
	}
	if int64(p.Offset+p.Limit) < total {
		pg.NextURL = link(p.Offset + p.Limit)
	}
	return pg
}

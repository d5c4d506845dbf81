// The signed minutes of the last meetings, approved through the minutes store.

package benchdata

import (
	"context"
	"fmt"
	"time"

	"casusoverleg/conference"
	"casusoverleg/minutes"
)

// SignedWeeks is how many of the last meetings before the one still being
// minuted have signed minutes; older ones are final.
const SignedWeeks = 4

// sign has the chair and the secretary of each series approve the final
// minutes of the last SignedWeeks meetings, through the minutes store, so
// that the signed content and its hash are what the application makes.
func (g *gen) sign(ctx context.Context) error {
	start := time.Now()
	var clock time.Time
	store := minutes.NewStore(g.db, func() time.Time { return clock }, g.conf, g.agenda)
	signed := 0
	for _, sr := range g.series {
		chair, err := g.conf.User(ctx, *sr.DefaultChairID)
		if err != nil {
			return err
		}
		secretary, err := g.conf.User(ctx, *sr.DefaultSecretaryID)
		if err != nil {
			return err
		}
		held := g.size.Weeks - 1
		for k := max(held-SignedWeeks, 0); k < held; k++ {
			m := sr.meetings[k]
			clock = m.starts.AddDate(0, 0, 3)
			for _, u := range []conference.User{chair, secretary} {
				if _, err := store.Approve(ctx, conference.ActorOf(&u), u.Name, m.id, nil); err != nil {
					return fmt.Errorf("sign the minutes of %s: %w", m.starts.Format(time.DateOnly), err)
				}
			}
			signed++
		}
	}
	g.summary = append(g.summary, TableCount{Table: "minutes_signed", Rows: signed})
	g.out.line("signed minutes", signed, signed, start)
	return nil
}

package agenda

import (
	"time"

	"casusoverleg/conference"
)

// Live is the running state of a meeting in session: the item under
// discussion and since when. Version counts the changes, so that two clicks
// on "next" made on the same state move the meeting one item, not two.
type Live struct {
	ConferenceID  int64     `json:"conference_id"`
	CurrentItemID *int64    `json:"current_item_id,omitempty"`
	CurrentSince  time.Time `json:"current_since,omitzero"`
	Version       int       `json:"version"`
}

// Target says where the chair moves the meeting: to item ItemID, or Step
// items forward (1) or back (-1) from the current one.
type Target struct {
	ItemID int64
	Step   int
}

// Clock is the meeting's time at one moment, as shown to its participants.
type Clock struct {
	// Position is the 1-based place of the current item on the agenda; 0 when there is none.
	Position int `json:"position"`
	Count    int `json:"count"`
	// PlannedMinutes and ElapsedMinutes are those of the current item.
	PlannedMinutes int `json:"planned_minutes"`
	ElapsedMinutes int `json:"elapsed_minutes"`
	// LeftMinutes is the time left until the planned end of the meeting; negative when it runs over.
	LeftMinutes int `json:"left_minutes"`
	// ItemOver and MeetingOver say whether the item or the meeting ran over its time.
	ItemOver    bool `json:"item_over"`
	MeetingOver bool `json:"meeting_over"`
}

// ClockAt is the clock of a meeting at now: l against the accepted items of
// the agenda (in order) and the meeting's planned end.
func ClockAt(l Live, conf conference.Conference, items []Item, now time.Time) Clock {
	c := Clock{Count: len(items)}
	left := conf.EndsAt().Sub(now)
	c.LeftMinutes = int(left / time.Minute)
	c.MeetingOver = left < 0
	if l.CurrentItemID == nil {
		return c
	}
	for i, it := range items {
		if it.ID == *l.CurrentItemID {
			c.Position = i + 1
			c.PlannedMinutes = it.PlannedMinutes
			elapsed := max(now.Sub(l.CurrentSince), 0)
			c.ElapsedMinutes = int(elapsed / time.Minute)
			c.ItemOver = elapsed > time.Duration(it.PlannedMinutes)*time.Minute
		}
	}
	return c
}

// targetOf resolves to against the accepted items of the agenda; it returns
// the item to make current.
func targetOf(l Live, items []Item, to Target) (int64, error) {
	if to.ItemID != 0 {
		for _, it := range items {
			if it.ID == to.ItemID {
				return it.ID, nil
			}
		}
		return 0, &conference.ValidationError{Field: "item_id", Msg: "is not an item of this agenda"}
	}
	if to.Step != 1 && to.Step != -1 {
		return 0, &conference.ValidationError{Field: "step", Msg: "must be 1 (next) or -1 (back)"}
	}
	at := -1
	for i, it := range items {
		if l.CurrentItemID != nil && it.ID == *l.CurrentItemID {
			at = i
		}
	}
	next := at + to.Step
	if at < 0 && to.Step == 1 {
		next = 0
	}
	if next < 0 || next >= len(items) {
		return 0, &conference.ValidationError{Field: "step", Msg: "there is no item in that direction"}
	}
	return items[next].ID, nil
}

// ClockAt is the clock of the meeting of v at now, given its running state l.
func (v View) ClockAt(l Live, now time.Time) Clock {
	items := make([]Item, len(v.Items))
	for i, e := range v.Items {
		items[i] = e.Item
	}
	return ClockAt(l, v.Conference, items, now)
}

package pdfdoc

import (
	"fmt"
	"time"
	_ "time/tzdata" // Europe/Amsterdam must resolve on hosts without a zoneinfo database
)

var (
	weekdays = [...]string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"}
	months   = [...]string{"januari", "februari", "maart", "april", "mei", "juni",
		"juli", "augustus", "september", "oktober", "november", "december"}
)

// amsterdam is the zone every date in our documents is printed in.
var amsterdam = mustLoad("Europe/Amsterdam")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // unreachable: time/tzdata is embedded
	}
	return loc
}

// FormatDate formats t in Dutch in Europe/Amsterdam: "maandag 30 november 2026".
func FormatDate(t time.Time) string {
	t = t.In(amsterdam)
	return fmt.Sprintf("%s %s", weekdays[t.Weekday()], FormatDay(t))
}

// FormatDay formats t without the weekday: "30 november 2026".
func FormatDay(t time.Time) string {
	t = t.In(amsterdam)
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

// FormatDateTime formats t in Dutch in Europe/Amsterdam:
// "maandag 30 november 2026, 09:30".
func FormatDateTime(t time.Time) string {
	return FormatDate(t) + ", " + FormatTime(t)
}

// FormatTime formats the clock time of t in Europe/Amsterdam: "09:30".
func FormatTime(t time.Time) string {
	return t.In(amsterdam).Format("15:04")
}

// FormatMinutes formats a duration in minutes: "45 min", "2 uur", "2 uur 30 min".
func FormatMinutes(m int) string {
	switch {
	case m < 60:
		return fmt.Sprintf("%d min", m)
	case m%60 == 0:
		return fmt.Sprintf("%d uur", m/60)
	default:
		return fmt.Sprintf("%d uur %d min", m/60, m%60)
	}
}

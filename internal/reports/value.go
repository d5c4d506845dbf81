package reports

import (
	"strconv"
	"strings"
)

// Kind says what a Value measures and so how it is written.
type Kind string

// The kinds of values in a report.
const (
	KindCount   Kind = "count"   // a whole number of cases, actions, meetings, …
	KindPercent Kind = "percent" // a share, 0–100
	KindDays    Kind = "days"    // a duration in days
)

// SmallCell is the largest count that small-cell suppression hides; 0 is never hidden.
const SmallCell = 4

// HiddenText is what a hidden value shows everywhere: page, CSV, PDF and JSON.
const HiddenText = "< 5"

// Value is one figure of a report. A count is its own base; a share or a
// duration keeps the counts it was computed from (a share also the rest of
// its whole), so that suppression hides it whenever one of them is small.
// Once hidden, the number is gone.
type Value struct {
	Kind   Kind
	Number float64
	// Hidden is set by suppression; Number and the bases are then zero.
	Hidden bool
	// Missing means there was nothing to compute from (a median of no cases).
	Missing bool
	bases   []int
}

// Count returns a count value.
func Count(n int) Value { return Value{Kind: KindCount, Number: float64(n), bases: []int{n}} }

// Percent returns the share part/whole in percent; missing when whole is 0.
func Percent(part, whole int) Value {
	if whole == 0 {
		return Value{Kind: KindPercent, Missing: true}
	}
	// A share tells its part, its whole and what the part leaves over: each is a base.
	return Value{Kind: KindPercent, Number: 100 * float64(part) / float64(whole), bases: []int{part, whole, whole - part}}
}

// Days returns a duration in days computed over n records; missing when n is 0.
func Days(d float64, n int) Value {
	if n == 0 {
		return Value{Kind: KindDays, Missing: true}
	}
	return Value{Kind: KindDays, Number: d, bases: []int{n}}
}

// Int returns the value as a whole number (counts).
func (v Value) Int() int { return int(v.Number + 0.5) }

// hide applies small-cell suppression to v.
func (v Value) hide() Value {
	for _, b := range v.bases {
		if b >= 1 && b <= SmallCell {
			return Value{Kind: v.Kind, Hidden: true}
		}
	}
	return v
}

// Text writes v for people: "12", "87%", "6,5" (decimal comma in Dutch), "< 5", or "–" when missing.
func (v Value) Text(lang string) string {
	switch {
	case v.Hidden:
		return HiddenText
	case v.Missing:
		return "–"
	}
	s := v.Plain()
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	if v.Kind == KindPercent {
		s += "%"
	}
	return s
}

// Plain writes v for machines (CSV): "12", "87.5", "6.5", "< 5", or "" when missing.
func (v Value) Plain() string {
	switch {
	case v.Hidden:
		return HiddenText
	case v.Missing:
		return ""
	case v.Kind == KindCount:
		return strconv.Itoa(v.Int())
	}
	return strconv.FormatFloat(round1(v.Number), 'f', -1, 64)
}

// MarshalJSON writes a number, "< 5" when hidden, or null when missing.
func (v Value) MarshalJSON() ([]byte, error) {
	switch {
	case v.Hidden:
		return []byte(`"` + HiddenText + `"`), nil // as it is, not \u003c
	case v.Missing:
		return []byte("null"), nil
	case v.Kind == KindCount:
		return []byte(strconv.Itoa(v.Int())), nil
	}
	return []byte(strconv.FormatFloat(round1(v.Number), 'f', -1, 64)), nil
}

func round1(f float64) float64 {
	if f < 0 {
		return -round1(-f)
	}
	return float64(int64(f*10+0.5)) / 10
}

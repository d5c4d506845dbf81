// Package ical writes and reads meeting invitations in the iCalendar format
// (RFC 5545) with iTIP methods (RFC 5546), by hand and without dependencies.
//
// Write produces one VEVENT in a VCALENDAR with METHOD:REQUEST (or
// METHOD:CANCEL for a cancelled event): CRLF line endings, TEXT escaping and
// line folding at 75 octets that never splits a UTF-8 character. Parse is a
// minimal reader for the same properties, used to read invitations back.
//
// The package knows nothing of the domain: callers apply need-to-know before
// they fill in Summary, Description and Location.
package ical

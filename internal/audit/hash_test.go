package audit

import (
	"strings"
	"testing"
	"time"
)

// TestComputeHash pins the canonical encoding: changing it would make every
// stored chain fail to verify.
func TestComputeHash(t *testing.T) {
	e := Event{Seq: 2, At: time.Date(2026, 11, 23, 9, 0, 0, 123456000, time.UTC), UserID: 7, UserEmail: "chair@zvh.nl",
		OrganisationID: 3, Action: ActionView, RecordType: "case", RecordID: "42", Detail: "2026-0042", IP: "192.0.2.1",
		PrevHash: "ab"}
	t.Run("OK/golden", func(t *testing.T) {
		// sha256 of 21:casusoverleg-audit-v1,1:2,27:2026-11-23T09:00:00.123456Z,1:7,12:chair@zvh.nl,
		// 1:3,4:view,4:case,2:42,9:2026-0042,9:192.0.2.1,2:ab, (computed independently).
		const want = "913edbd0bdcc477bde03416b0a1b155da3f674218eb29140b2df5786f7170a97"
		if got := computeHash(e); got != want {
			t.Fatalf("computeHash = %s; want %s", got, want)
		}
	})
	t.Run("OK/zone does not matter", func(t *testing.T) {
		f := e
		f.At = e.At.In(time.FixedZone("CET", 3600))
		if computeHash(f) != computeHash(e) {
			t.Fatal("hash depends on the time zone of At")
		}
	})
	t.Run("OK/unambiguous", func(t *testing.T) {
		// Moving text from one field to the next must change the hash.
		f := e
		f.RecordType, f.RecordID = "case4", "2"
		g := e
		g.Detail, g.IP = "2026-0042192.0.2.1", ""
		for _, x := range []Event{f, g} {
			if computeHash(x) == computeHash(e) {
				t.Fatalf("%+v hashes like %+v", x, e)
			}
		}
	})
}

func TestCleanText(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		limit          int
	}{
		{"OK/kept", "GET /cases/42", "GET /cases/42", 20},
		{"OK/control", "a\r\nb\x00", "a\uFFFD\uFFFDb\uFFFD", 20},
		{"OK/invalid utf8", "a\xffb", "a\uFFFDb", 20},
		{"OK/cut by characters", "ééééé", "ééé", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := cleanText(tc.in, tc.limit); got != tc.want {
				t.Fatalf("cleanText(%q) = %q; want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestActionValid(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		for _, a := range Actions {
			if !a.Valid() {
				t.Errorf("%q is listed but not valid", a)
			}
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, a := range []Action{"", "View", "peek"} {
			if a.Valid() {
				t.Errorf("%q is valid", a)
			}
		}
	})
}

// TestComputeHashRecords pins the second encoding, of an event that lists
// its records: the list follows PrevHash as its length and one netstring each.
func TestComputeHashRecords(t *testing.T) {
	e := Event{Seq: 2, At: time.Date(2026, 11, 23, 9, 0, 0, 123456000, time.UTC), UserID: 7, UserEmail: "chair@zvh.nl",
		OrganisationID: 3, Action: ActionView, RecordType: "case", Detail: "agenda", IP: "192.0.2.1",
		PrevHash: "ab", Records: []string{"42", "43"}}
	// sha256 of 21:casusoverleg-audit-v2,1:2,27:2026-11-23T09:00:00.123456Z,1:7,12:chair@zvh.nl,
	// 1:3,4:view,4:case,0:,6:agenda,9:192.0.2.1,2:ab,1:2,2:42,2:43, (computed independently).
	const want = "76535ec0b8bc437af3f935d08239a31ee554c366b486fceedcdca38d3cb2255b"
	if got := computeHash(e); got != want {
		t.Fatalf("computeHash = %s; want %s", got, want)
	}
	f := e
	f.Records = []string{"42,43"}
	if computeHash(f) == computeHash(e) {
		t.Fatal("records 42 and 43 hash like the one record \"42,43\"")
	}
}

func TestComputeHashText(t *testing.T) {
	e := Event{Seq: 2, At: time.Date(2026, 11, 23, 9, 0, 0, 123456000, time.UTC), UserID: 7, UserEmail: "chair@zvh.nl",
		OrganisationID: 3, Action: ActionUpdate, RecordType: "case", RecordID: "42", Detail: "linked to case 43", IP: "192.0.2.1",
		PrevHash: "ab", TextHash: strings.Repeat("t", 64), Subjects: []Subject{{"case", "42"}, {"case", "43"}}}
	t.Run("OK/golden", func(t *testing.T) {
		// sha256 of the v1 fields under the tag casusoverleg-audit-v3, then
		// 1:0, (no records), 64:ttt…, 1:2,4:case,2:42,4:case,2:43, (computed independently).
		const want = "aa1c22bcd8bbe6389a561a13247626316c1e490195a48d9655302f145c8ede27"
		if got := computeHash(e); got != want {
			t.Fatalf("computeHash = %s; want %s", got, want)
		}
	})
	t.Run("OK/text hash golden", func(t *testing.T) {
		const want = "402dbe27a6e26f2a574cf0876305859718751abcf25648556889aca0e8cb2ee9"
		if got := textHash(strings.Repeat("00", 32), "zelfde moeder"); got != want {
			t.Fatalf("textHash = %s; want %s", got, want)
		}
	})
	t.Run("OK/subjects count", func(t *testing.T) {
		f := e
		f.Subjects = e.Subjects[:1]
		g := e
		g.TextHash = ""
		for _, x := range []Event{f, g} {
			if computeHash(x) == computeHash(e) {
				t.Fatalf("%+v hashes like %+v", x, e)
			}
		}
	})
	t.Run("OK/salt hides a short text", func(t *testing.T) {
		if newSalt() == newSalt() || len(newSalt()) != 64 {
			t.Fatal("salts are not random 32 bytes")
		}
	})
}

package pdfsign

import (
	"strings"
	"testing"
	"time"
)

// TestLexer covers the syntax the parser must get right to copy a
// dictionary: strings that hold delimiters, escapes, hex strings, names
// with #xx, references and nesting.
func TestLexer(t *testing.T) {
	src := "<< /A (x >> y \\) (z) \\101\\n) /B <48 65 6C6c6F> /N#20x /V /Ref 12 0 R /Arr [1 0 R 2 -3.5 null true /K] " +
		"% comment >> \n /D << /E <<>> >> /Num 7 >>"
	l := &lexer{b: []byte(src)}
	o, err := l.object(0)
	if err != nil {
		t.Fatal(err)
	}
	if o.kind != kDict || o.start != 0 || o.end != len(src) {
		t.Fatalf("dict kind %v span [%d,%d), want [0,%d)", o.kind, o.start, o.end, len(src))
	}
	for _, tc := range []struct {
		key  string
		kind kind
		str  string
		src  string
	}{
		{"A", kString, "x >> y ) (z) A\n", `(x >> y \) (z) \101\n)`},
		{"B", kString, "Hello", "<48 65 6C6c6F>"},
		{"N x", kName, "V", "/V"},
		{"Ref", kRef, "", "12 0 R"},
		{"Arr", kArray, "", "[1 0 R 2 -3.5 null true /K]"},
		{"D", kDict, "", "<< /E <<>> >>"},
		{"Num", kInt, "", "7"},
	} {
		v, ok := o.get(tc.key)
		if !ok {
			t.Errorf("no key %q", tc.key)
			continue
		}
		if v.kind != tc.kind || (tc.str != "" && string(v.str) != tc.str) || src[v.start:v.end] != tc.src {
			t.Errorf("%s: kind %v str %q source %q", tc.key, v.kind, v.str, src[v.start:v.end])
		}
	}
	arr, _ := o.get("Arr")
	if len(arr.items) != 6 || arr.items[0].kind != kRef || arr.items[0].num != 1 || arr.items[1].kind != kInt || arr.items[2].kind != kReal {
		t.Errorf("array items %+v", arr.items)
	}

	for _, bad := range []string{"<< /A 1", "(open", "<4G>", "[1 2", "<< 1 2 >>", strings.Repeat("[", 100)} {
		if _, err := (&lexer{b: []byte(bad)}).object(0); err == nil {
			t.Errorf("%q parsed without error", bad)
		}
	}
}

func TestText(t *testing.T) {
	for _, s := range []string{"Oss", "a (b) \\ c", "mr. É. van den Bosch — voorzitter"} {
		enc := textString(s)
		o, err := (&lexer{b: []byte(enc)}).object(0)
		if err != nil {
			t.Fatal(err)
		}
		if got := decodeText(o.str); got != s {
			t.Errorf("%q → %s → %q", s, enc, got)
		}
	}
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	for _, tm := range []time.Time{
		time.Date(2026, 11, 23, 10, 0, 5, 0, ams),
		time.Date(2026, 7, 1, 23, 59, 0, 0, time.UTC),
		time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("", -(3*3600+30*60))),
	} {
		s := pdfDate(tm)
		got, ok := parsePDFDate(s)
		if !ok || !got.Equal(tm) {
			t.Errorf("%v → %s → %v", tm, s, got)
		}
	}
	if got, ok := parsePDFDate("D:2026"); !ok || !got.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("D:2026 → %v", got)
	}
}

package pdfsign

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// textString encodes s as a PDF text string: a literal string when s is
// printable ASCII, else UTF-16BE with a byte order mark as a hex string.
func textString(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
		return "(" + r.Replace(s) + ")"
	}
	u := utf16.Encode([]rune(strings.ToValidUTF8(s, "\uFFFD")))
	b := make([]byte, 2, 2+2*len(u))
	b[0], b[1] = 0xfe, 0xff
	for _, c := range u {
		b = append(b, byte(c>>8), byte(c))
	}
	return "<" + strings.ToUpper(hex.EncodeToString(b)) + ">"
}

// decodeText decodes a PDF text string: UTF-16BE or UTF-8 with a byte order
// mark, else PDFDocEncoding, read here as Latin-1 (they differ only in a few
// punctuation characters).
func decodeText(b []byte) string {
	switch {
	case len(b) >= 2 && b[0] == 0xfe && b[1] == 0xff:
		u := make([]uint16, 0, len(b)/2)
		for i := 2; i+1 < len(b); i += 2 {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		}
		return string(utf16.Decode(u))
	case len(b) >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf && utf8.Valid(b[3:]):
		return string(b[3:])
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// pdfDate formats t as a PDF date string, e.g. D:20261123100000+01'00'.
func pdfDate(t time.Time) string {
	s := t.Format("D:20060102150405")
	_, off := t.Zone()
	if off == 0 {
		return s + "Z"
	}
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("%s%c%02d'%02d'", s, sign, off/3600, off%3600/60)
}

// parsePDFDate reads a PDF date string; fields after the year are optional.
func parsePDFDate(s string) (time.Time, bool) {
	s = strings.TrimPrefix(s, "D:")
	digits := 0
	for digits < len(s) && digits < 14 && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	if digits < 4 || digits%2 != 0 {
		return time.Time{}, false
	}
	f := [6]int{0, 1, 1, 0, 0, 0} // year month day hour minute second
	f[0], _ = strconv.Atoi(s[:4])
	for i := 1; 2+2*i+2 <= digits; i++ {
		f[i], _ = strconv.Atoi(s[2+2*i : 2+2*i+2])
	}
	loc := time.UTC
	if rest := s[digits:]; rest != "" && (rest[0] == '+' || rest[0] == '-') {
		z := strings.NewReplacer("'", "").Replace(rest[1:])
		var hh, mm int
		if len(z) >= 2 {
			hh, _ = strconv.Atoi(z[:2])
		}
		if len(z) >= 4 {
			mm, _ = strconv.Atoi(z[2:4])
		}
		off := hh*3600 + mm*60
		if rest[0] == '-' {
			off = -off
		}
		loc = time.FixedZone("", off)
	}
	return time.Date(f[0], time.Month(f[1]), f[2], f[3], f[4], f[5], 0, loc), true
}

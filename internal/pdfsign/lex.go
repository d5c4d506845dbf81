package pdfsign

import (
	"bytes"
	"fmt"
	"strconv"
)

// kind is the type of a parsed PDF object.
type kind int

const (
	kNull kind = iota
	kBool
	kInt
	kReal
	kString
	kName
	kArray
	kDict
	kRef
	kKeyword
)

// object is one parsed PDF object. start and end delimit its source text in
// the file, so that an unchanged value can be copied into a rewritten
// dictionary byte for byte.
type object struct {
	kind       kind
	start, end int
	num, gen   int64    // kInt value; kRef object number and generation
	str        []byte   // decoded kString bytes, kName (without '/'), kKeyword text, kBool/kReal source
	items      []object // kArray items; kDict values
	keys       []object // kDict keys (kName), parallel to items
}

// get returns the value of key in a dictionary.
func (o object) get(key string) (object, bool) {
	if o.kind != kDict {
		return object{}, false
	}
	for i, k := range o.keys {
		if string(k.str) == key {
			return o.items[i], true
		}
	}
	return object{}, false
}

// isName reports whether o is the name n.
func (o object) isName(n string) bool { return o.kind == kName && string(o.str) == n }

// maxDepth bounds the nesting of arrays and dictionaries, so that a hostile
// file cannot exhaust the stack.
const maxDepth = 64

// lexer reads PDF tokens from b starting at pos.
type lexer struct {
	b   []byte
	pos int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func isRegular(c byte) bool { return !isSpace(c) && !isDelim(c) }

// skipSpace skips white space and comments.
func (l *lexer) skipSpace() {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		switch {
		case isSpace(c):
			l.pos++
		case c == '%':
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
		default:
			return
		}
	}
}

func (l *lexer) errorf(format string, a ...any) error {
	return fmt.Errorf("pdfsign: offset %d: %s", l.pos, fmt.Sprintf(format, a...))
}

// word reads the next run of regular characters (a keyword or number).
func (l *lexer) word() []byte {
	l.skipSpace()
	start := l.pos
	for l.pos < len(l.b) && isRegular(l.b[l.pos]) {
		l.pos++
	}
	return l.b[start:l.pos]
}

// expect reads the keyword kw or fails.
func (l *lexer) expect(kw string) error {
	if w := l.word(); string(w) != kw {
		return l.errorf("expected %q, found %q", kw, truncate(w))
	}
	return nil
}

// int reads an integer token.
func (l *lexer) int() (int64, error) {
	w := l.word()
	n, err := strconv.ParseInt(string(w), 10, 64)
	if err != nil {
		return 0, l.errorf("expected an integer, found %q", truncate(w))
	}
	return n, nil
}

// object parses the next object, including "N G R" references.
func (l *lexer) object(depth int) (object, error) {
	if depth > maxDepth {
		return object{}, l.errorf("objects nested too deeply")
	}
	l.skipSpace()
	if l.pos >= len(l.b) {
		return object{}, l.errorf("unexpected end of file")
	}
	start := l.pos
	switch c := l.b[l.pos]; {
	case c == '/':
		l.pos++
		for l.pos < len(l.b) && isRegular(l.b[l.pos]) {
			l.pos++
		}
		return object{kind: kName, start: start, end: l.pos, str: decodeName(l.b[start+1 : l.pos])}, nil
	case c == '(':
		s, err := l.literal()
		return object{kind: kString, start: start, end: l.pos, str: s}, err
	case c == '<' && l.pos+1 < len(l.b) && l.b[l.pos+1] == '<':
		return l.dict(depth)
	case c == '<':
		s, err := l.hex()
		return object{kind: kString, start: start, end: l.pos, str: s}, err
	case c == '[':
		l.pos++
		o := object{kind: kArray, start: start}
		for {
			l.skipSpace()
			if l.pos >= len(l.b) {
				return object{}, l.errorf("unterminated array")
			}
			if l.b[l.pos] == ']' {
				l.pos++
				o.end = l.pos
				return o, nil
			}
			item, err := l.object(depth + 1)
			if err != nil {
				return object{}, err
			}
			o.items = append(o.items, item)
		}
	case isRegular(c):
		return l.atom(start)
	default:
		return object{}, l.errorf("unexpected %q", c)
	}
}

// atom parses a number, a reference "N G R", a boolean, null or a keyword.
func (l *lexer) atom(start int) (object, error) {
	w := l.word()
	if n, err := strconv.ParseInt(string(w), 10, 64); err == nil {
		o := object{kind: kInt, start: start, end: l.pos, num: n}
		// Look ahead for "G R".
		save := l.pos
		if g, err := strconv.ParseInt(string(l.word()), 10, 64); err == nil && n >= 0 && g >= 0 {
			if string(l.word()) == "R" {
				return object{kind: kRef, start: start, end: l.pos, num: n, gen: g}, nil
			}
		}
		l.pos = save
		return o, nil
	}
	switch string(w) {
	case "true", "false":
		return object{kind: kBool, start: start, end: l.pos, str: w}, nil
	case "null":
		return object{kind: kNull, start: start, end: l.pos}, nil
	}
	if _, err := strconv.ParseFloat(string(w), 64); err == nil {
		return object{kind: kReal, start: start, end: l.pos, str: w}, nil
	}
	return object{kind: kKeyword, start: start, end: l.pos, str: w}, nil
}

// dict parses "<< /Key value … >>".
func (l *lexer) dict(depth int) (object, error) {
	o := object{kind: kDict, start: l.pos}
	l.pos += 2
	for {
		l.skipSpace()
		if l.pos+1 < len(l.b) && l.b[l.pos] == '>' && l.b[l.pos+1] == '>' {
			l.pos += 2
			o.end = l.pos
			return o, nil
		}
		if l.pos >= len(l.b) {
			return object{}, l.errorf("unterminated dictionary")
		}
		if l.b[l.pos] != '/' {
			return object{}, l.errorf("expected a name as dictionary key")
		}
		k, err := l.object(depth + 1)
		if err != nil {
			return object{}, err
		}
		v, err := l.object(depth + 1)
		if err != nil {
			return object{}, err
		}
		if v.kind == kKeyword {
			return object{}, l.errorf("unexpected keyword %q in dictionary", truncate(v.str))
		}
		o.keys = append(o.keys, k)
		o.items = append(o.items, v)
	}
}

// literal parses a "( … )" string with nested parentheses and escapes.
func (l *lexer) literal() ([]byte, error) {
	l.pos++ // (
	var out []byte
	nest := 0
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			nest++
			out = append(out, c)
		case ')':
			if nest == 0 {
				return out, nil
			}
			nest--
			out = append(out, c)
		case '\r':
			// An end of line in a string is read as \n.
			if l.pos < len(l.b) && l.b[l.pos] == '\n' {
				l.pos++
			}
			out = append(out, '\n')
		case '\\':
			if l.pos >= len(l.b) {
				break
			}
			e := l.b[l.pos]
			l.pos++
			switch e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case '\r': // line continuation
				if l.pos < len(l.b) && l.b[l.pos] == '\n' {
					l.pos++
				}
			case '\n':
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for i := 0; i < 2 && l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '7'; i++ {
						v = v*8 + int(l.b[l.pos]-'0')
						l.pos++
					}
					out = append(out, byte(v))
				} else {
					out = append(out, e) // \( \) \\ and unknown escapes
				}
			}
		default:
			out = append(out, c)
		}
	}
	return nil, l.errorf("unterminated string")
}

// hex parses a "< … >" string; white space is ignored, an odd final digit
// is followed by an implied 0.
func (l *lexer) hex() ([]byte, error) {
	l.pos++ // <
	var out []byte
	var hi byte
	half := false
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		if c == '>' {
			if half {
				out = append(out, hi<<4)
			}
			return out, nil
		}
		if isSpace(c) {
			continue
		}
		v, ok := hexVal(c)
		if !ok {
			return nil, l.errorf("bad hex digit %q", c)
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	return nil, l.errorf("unterminated hex string")
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// decodeName resolves #xx escapes in a name.
func decodeName(b []byte) []byte {
	if bytes.IndexByte(b, '#') < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '#' && i+2 < len(b) {
			h, ok1 := hexVal(b[i+1])
			lo, ok2 := hexVal(b[i+2])
			if ok1 && ok2 {
				out = append(out, h<<4|lo)
				i += 2
				continue
			}
		}
		out = append(out, b[i])
	}
	return out
}

// indirect parses "N G obj <object>" at off and returns the object with its
// number and generation.
func indirect(b []byte, off int) (num, gen int64, o object, err error) {
	if off < 0 || off >= len(b) {
		return 0, 0, object{}, fmt.Errorf("pdfsign: object offset %d outside the file", off)
	}
	l := &lexer{b: b, pos: off}
	if num, err = l.int(); err != nil {
		return 0, 0, object{}, err
	}
	if gen, err = l.int(); err != nil {
		return 0, 0, object{}, err
	}
	if err = l.expect("obj"); err != nil {
		return 0, 0, object{}, err
	}
	o, err = l.object(0)
	return num, gen, o, err
}

// truncate shortens b for an error message.
func truncate(b []byte) string {
	if len(b) > 20 {
		return string(b[:20]) + "…"
	}
	return string(b)
}

package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Password length limits, counted in characters (runes).
const (
	MinPasswordLength = 12
	MaxPasswordLength = 128
)

// Errors of ValidatePassword. Their text is written for the user, to be shown
// next to the password field.
var (
	// ErrPasswordTooShort means the password has fewer than MinPasswordLength characters.
	ErrPasswordTooShort = fmt.Errorf("must be at least %d characters", MinPasswordLength)
	// ErrPasswordTooLong means the password has more than MaxPasswordLength characters.
	ErrPasswordTooLong = fmt.Errorf("must be at most %d characters", MaxPasswordLength)
)

// argon2id parameters of new hashes: the first OWASP recommendation
// (19 MiB, 2 passes, 1 lane), about 50 ms on one core. CheckPassword reads the
// parameters from the stored hash, so they can be raised later; NeedsRehash
// tells when a stored hash uses older ones.
const (
	argonMemory  uint32 = 19 * 1024 // KiB
	argonTime    uint32 = 2
	argonThreads uint8  = 1
	argonKeyLen  uint32 = 32
	argonSaltLen        = 16
)

// b64 is the PHC string format's base64: standard alphabet, no padding.
var b64 = base64.RawStdEncoding

// argonHash is a decoded PHC string.
type argonHash struct {
	memory, time uint32
	threads      uint8
	salt, key    []byte
}

// ValidatePassword reports whether pw is acceptable as a new password. The
// error's text is meant for the user (e.g. "must be at least 12 characters").
func ValidatePassword(pw string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLength:
		return ErrPasswordTooShort
	case n > MaxPasswordLength:
		return ErrPasswordTooLong
	}
	return nil
}

// HashPassword hashes pw with argon2id and a random salt, encoded as a PHC
// string: $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	h := argonHash{memory: argonMemory, time: argonTime, threads: argonThreads, salt: salt}
	h.key = argon2.IDKey([]byte(pw), salt, h.time, h.memory, h.threads, argonKeyLen)
	return h.String(), nil
}

// CheckPassword reports whether pw matches the encoded hash, comparing in
// constant time. An empty or malformed hash never matches, but is checked
// against DummyHash first so that the answer takes as long as for a real hash:
// a login for an unknown user may therefore call CheckPassword("", pw).
func CheckPassword(encoded, pw string) bool {
	h, err := parseHash(encoded)
	if err != nil {
		h, _ = parseHash(DummyHash())
		h.matches(pw)
		return false
	}
	return h.matches(pw)
}

// NeedsRehash reports whether encoded was made with other parameters than
// HashPassword uses now (or cannot be read); after a successful login the
// caller may then store HashPassword(pw) instead.
func NeedsRehash(encoded string) bool {
	h, err := parseHash(encoded)
	return err != nil || h.memory != argonMemory || h.time != argonTime ||
		h.threads != argonThreads || len(h.key) != int(argonKeyLen)
}

// dummyHash is computed once, on first use, with the current parameters.
var dummyHash = sync.OnceValue(func() string {
	pw := make([]byte, 32)
	_, _ = rand.Read(pw)
	h, err := HashPassword(string(pw))
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return h
})

// DummyHash returns the hash of a random password nobody knows, made with the
// current parameters. Checking a password against it costs as much as a real
// check, so a login for an unknown e-mail address cannot be told apart by time.
func DummyHash() string { return dummyHash() }

func (h argonHash) matches(pw string) bool {
	key := argon2.IDKey([]byte(pw), h.salt, h.time, h.memory, h.threads, uint32(len(h.key)))
	return subtle.ConstantTimeCompare(key, h.key) == 1
}

// String encodes h as a PHC string.
func (h argonHash) String() string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		h.memory, h.time, h.threads, b64.EncodeToString(h.salt), b64.EncodeToString(h.key))
}

var errBadHash = errors.New("malformed argon2id hash")

// parseHash decodes a PHC string made by HashPassword. Its limits keep a
// tampered hash from costing unbounded memory or time.
func parseHash(encoded string) (argonHash, error) {
	var h argonHash
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return h, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return h, errBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &h.memory, &h.time, &h.threads); err != nil {
		return h, errBadHash
	}
	if h.time < 1 || h.time > 16 || h.threads < 1 || h.threads > 16 ||
		h.memory < 8*uint32(h.threads) || h.memory > 1024*1024 {
		return h, errBadHash
	}
	var err error
	if h.salt, err = b64.DecodeString(parts[4]); err != nil || len(h.salt) < 8 {
		return h, errBadHash
	}
	if h.key, err = b64.DecodeString(parts[5]); err != nil || len(h.key) < 16 || len(h.key) > 64 {
		return h, errBadHash
	}
	return h, nil
}

package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	ginjson "github.com/gin-gonic/gin/codec/json"
)

// comparingCodec encodes through the codec the server uses and through
// encoding/json, and keeps every value whose bytes differ.
type comparingCodec struct {
	ginjson.Core
	mu    sync.Mutex
	count int
	diffs []string
}

func (c *comparingCodec) Marshal(v any) ([]byte, error) {
	got, err := c.Core.Marshal(v)
	want, werr := json.Marshal(v)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.count++
	if (err == nil) != (werr == nil) || !bytes.Equal(got, want) {
		c.diffs = append(c.diffs, fmt.Sprintf("%T: %v %s\nencoding/json: %v %s", v, err, got, werr, want))
	}
	return got, err
}

func (c *comparingCodec) NewEncoder(w io.Writer) ginjson.Encoder {
	return &comparingEncoder{c: c, w: w}
}

// comparingEncoder is the comparing codec's encoder (writeJSON): it writes
// what the server's codec writes and keeps what differs from encoding/json's
// encoder.
type comparingEncoder struct {
	c *comparingCodec
	w io.Writer
}

func (e *comparingEncoder) SetEscapeHTML(bool)       { panic("the API does not change HTML escaping") }
func (e *comparingEncoder) SetIndent(string, string) { panic("the API does not indent") }

func (e *comparingEncoder) Encode(v any) error {
	var got, want bytes.Buffer
	err := e.c.Core.NewEncoder(&got).Encode(v)
	werr := json.NewEncoder(&want).Encode(v)
	e.c.mu.Lock()
	e.c.count++
	if (err == nil) != (werr == nil) || !bytes.Equal(got.Bytes(), want.Bytes()) {
		e.c.diffs = append(e.c.diffs, fmt.Sprintf("%T: %v %s\nencoding/json: %v %s", v, err, got.Bytes(), werr, want.Bytes()))
	}
	e.c.mu.Unlock()
	if err != nil {
		return err
	}
	_, err = e.w.Write(got.Bytes())
	return err
}

// TestJSONCodecMatchesEncodingJSON: the API answers through a faster codec
// than encoding/json (jsoncodec.go); every answer of the API's read routes,
// for every kind of reader, must be the bytes encoding/json would write.
func TestJSONCodecMatchesEncodingJSON(t *testing.T) {
	codec := &comparingCodec{Core: ginjson.API}
	ginjson.API = codec
	t.Cleanup(func() { ginjson.API = codec.Core })

	// Values whose encoding differs most between codecs: HTML characters,
	// invalid UTF-8, line separators, map key order, times, empty and nil.
	for _, v := range []any{
		map[string]any{"z": 1, "a": "<b>&amp;</b>", "m": "\u2028\u2029", "bad": "\xff", "t": time.Date(2026, 12, 3, 7, 0, 0, 123400000, time.FixedZone("CET", 3600))},
		map[int64]string{10: "x", 2: "y"}, []int(nil), []string{}, struct {
			A *int   `json:"a,omitempty"`
			B string `json:"-"`
			C []byte
			D float64
		}{C: []byte("bytes"), D: 1e21},
	} {
		if _, err := ginjson.API.Marshal(v); err != nil {
			t.Fatal(err)
		}
		if err := ginjson.API.NewEncoder(io.Discard).Encode(v); err != nil {
			t.Fatal(err)
		}
	}

	e := newEnv(t)
	f := e.countFixture(t, 3)
	caseID, confID := f.cases[0].ID, e.conf.ID
	get := func() {
		for _, user := range countViewers {
			for _, path := range []string{"/me", "/organisations", "/users", "/series", "/conferences", "/conferences/%d",
				"/conferences/%d/agenda", "/conferences/%d/attendance", "/conferences/%d/minutes", "/conferences/%d/comments",
				"/cases", "/cases/%c", "/cases/%c/persons", "/cases/%c/links", "/cases/%c/timeline", "/actions",
				"/question-sets", "/persons?q=a", "/audit", "/conferences/0/agenda", "/cases/x"} {
				path = strings.ReplaceAll(strings.ReplaceAll(path, "%d", fmt.Sprint(confID)), "%c", fmt.Sprint(caseID))
				if code, body := e.raw(user, http.MethodGet, "/api/v1"+path, ""); code >= 500 {
					t.Errorf("%s GET %s: %d %s", user, path, code, body)
				}
			}
		}
	}
	get()
	e.sign(t)
	get()
	codec.mu.Lock()
	defer codec.mu.Unlock()
	if codec.count < 200 {
		t.Errorf("only %d answers encoded", codec.count)
	}
	for _, d := range codec.diffs {
		t.Errorf("the codec's bytes differ from encoding/json's:\n%s", d)
	}
}

package web

import (
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	ginjson "github.com/gin-gonic/gin/codec/json"
	gojson "github.com/goccy/go-json"
)

// gin encodes every API answer (c.JSON) through codec/json's API. The
// agenda JSON spent about 12% of its CPU in encoding/json's reflection;
// github.com/goccy/go-json compiles an encoder per type once and writes the
// same bytes: HTML characters escaped, map keys sorted, times through their
// MarshalJSON. Request bodies are still read by encoding/json (decodeJSON),
// so unknown fields and their errors stay as they were.
func init() { ginjson.API = goJSON{} }

type goJSON struct{}

func (goJSON) Marshal(v any) ([]byte, error)      { return gojson.Marshal(v) }
func (goJSON) Unmarshal(data []byte, v any) error { return gojson.Unmarshal(data, v) }
func (goJSON) MarshalIndent(v any, prefix, indent string) ([]byte, error) {
	return gojson.MarshalIndent(v, prefix, indent)
}
func (goJSON) NewEncoder(w io.Writer) ginjson.Encoder { return gojson.NewEncoder(w) }
func (goJSON) NewDecoder(r io.Reader) ginjson.Decoder { return gojson.NewDecoder(r) }

// writeJSON answers v as c.JSON does, but through the codec's encoder
// straight into the response: c.JSON's Marshal hands gin a copy of the
// whole answer (the agenda's is about 100 KB), the encoder writes from its
// pooled buffer. The answer ends in a newline, as encoding/json's encoder's
// does. The encoder encodes the whole value before it writes, so nothing is
// written when v cannot be encoded.
func writeJSON(c *gin.Context, code int, v any) { c.Render(code, streamJSON{v}) }

type streamJSON struct{ v any }

func (r streamJSON) Render(w http.ResponseWriter) error {
	r.WriteContentType(w)
	return ginjson.API.NewEncoder(w).Encode(r.v)
}

func (streamJSON) WriteContentType(w http.ResponseWriter) {
	if h := w.Header(); h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json; charset=utf-8")
	}
}

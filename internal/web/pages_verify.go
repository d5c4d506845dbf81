package web

import (
	"errors"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"casusoverleg/internal/audit"
	"casusoverleg/internal/pdfsign"
	"casusoverleg/internal/signing"
)

// maxVerifyUpload bounds an uploaded PDF.
const maxVerifyUpload = 20 << 20

type verifyData struct {
	Checked bool
	Valid   bool
	Report  signing.Report
	// Problem is a translation key saying why the PDF is not valid.
	Problem string
}

func (s *Server) verifyPage(c *gin.Context) {
	s.show(c, page{Name: "verify", Title: "verify.title", Data: verifyData{}})
}

// verifySubmit checks an uploaded PDF: its signature, and its content hash
// against the signed minutes. It shows no case data, only the verdict.
func (s *Server) verifySubmit(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxVerifyUpload)
	fh, err := c.FormFile("file")
	if err != nil {
		s.show(c, page{Code: http.StatusUnprocessableEntity, Name: "verify", Title: "verify.title", Data: verifyData{Checked: true, Problem: "verify.no_file"}})
		return
	}
	f, err := fh.Open()
	if err != nil {
		s.fail(c, err)
		return
	}
	defer f.Close()
	pdf, err := io.ReadAll(f)
	if err != nil {
		s.fail(c, err)
		return
	}
	rep, err := signing.Check(c.Request.Context(), pdf, s.minutes, s.cfg.Signer.Cert)
	data := verifyData{Checked: true, Report: rep, Valid: err == nil}
	switch {
	case err == nil:
	case errors.Is(err, pdfsign.ErrNotSigned):
		data.Problem = "verify.not_signed"
	case errors.Is(err, pdfsign.ErrInvalidSignature):
		data.Problem = "verify.invalid"
	case errors.Is(err, signing.ErrPartial):
		data.Problem = "verify.partial"
	case errors.Is(err, signing.ErrUntrusted):
		data.Problem = "verify.untrusted"
	case errors.Is(err, signing.ErrNotMinutes):
		data.Problem = "verify.not_minutes"
	case errors.Is(err, signing.ErrNotOriginal):
		data.Problem = "verify.not_original"
	default:
		s.fail(c, err)
		return
	}
	s.record(c, audit.ActionView, "minutes", rep.ConferenceID, "verify uploaded PDF: "+map[bool]string{true: "valid", false: "invalid"}[data.Valid])
	code := http.StatusOK
	if !data.Valid {
		code = http.StatusUnprocessableEntity
	}
	s.show(c, page{Code: code, Name: "verify", Title: "verify.title", Data: data})
}

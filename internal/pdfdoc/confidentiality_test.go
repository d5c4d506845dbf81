package pdfdoc_test

import (
	"strings"
	"testing"

	"casusoverleg/internal/pdfdoc"
)

func TestWriteMinutesConfidentiality(t *testing.T) {
	m := sampleMinutes()
	m.Confidentiality = pdfdoc.Confidentiality{Statement: "Wat hier besproken wordt, blijft binnen dit overleg.",
		Confirmed: []string{"Chloë Peeters", "A. de Vries"}, Unconfirmed: []string{"B. Maës"}}
	text := squash(pdfText(t, renderMinutes(t, m)))
	for _, want := range []string{"Geheimhouding", m.Confidentiality.Statement, "Bevestigd door: Chloë Peeters, A. de Vries.", "Niet bevestigd door: B. Maës."} {
		if !strings.Contains(text, squash(want)) {
			t.Errorf("the minutes PDF lacks %q", want)
		}
	}
	m.Confidentiality = pdfdoc.Confidentiality{}
	if text := pdfText(t, renderMinutes(t, m)); strings.Contains(text, "Geheimhouding") {
		t.Error("minutes without a statement print a confidentiality block")
	}
}

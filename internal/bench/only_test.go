package bench_test

import (
	"slices"
	"strings"
	"testing"

	"casusoverleg/internal/bench"
)

func TestParseOnly(t *testing.T) {
	for in, want := range map[string][]string{
		"agenda JSON,case page":                                    {"agenda JSON", "case page"},
		"agenda JSON, case page":                                   {"agenda JSON", "case page"},
		"signed minutes PDF, chair (full copy)":                    {"signed minutes PDF, chair (full copy)"},
		"signed minutes PDF,signed minutes PDF, chair (full copy)": {"signed minutes PDF", "signed minutes PDF, chair (full copy)"},
		"bare stored-PDF download (audited)":                       {"bare stored-PDF download (audited)"},
	} {
		got, err := bench.ParseOnly(in)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("ParseOnly(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := bench.ParseOnly("agenda JSON,agenda pgae"); err == nil || !strings.Contains(err.Error(), `"agenda pgae"`) || !strings.Contains(err.Error(), "agenda page") {
		t.Errorf("a misspelt name: %v, want an error naming it and the known loads", err)
	}
}

package web

import (
	"io/fs"
	"regexp"
	"testing"

	"casusoverleg/templates"
)

// TestTemplatesParseAndTranslate parses every page set and checks that every
// message key a template names exists in Dutch and in English.
func TestTemplatesParseAndTranslate(t *testing.T) {
	p, err := loadPages()
	if err != nil {
		t.Fatal(err)
	}
	key := regexp.MustCompile(`\.T "([^"]+)"`)
	files, err := fs.Glob(templates.FS, "html/*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := templates.FS.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range key.FindAllStringSubmatch(string(b), -1) {
			for _, lang := range []string{"nl", "en"} {
				if _, ok := p.messages[lang][m[1]]; !ok {
					t.Errorf("%s: message %q has no %s translation", f, m[1], lang)
				}
			}
		}
	}
	for k := range p.messages["nl"] {
		if _, ok := p.messages["en"][k]; !ok && !regexp.MustCompile(`^validation\.`).MatchString(k) {
			t.Errorf("message %q has no English translation", k)
		}
	}
}

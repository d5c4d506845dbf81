package web_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// apiErrors sends body as user with Accept-Language acceptLang (none when
// empty) and returns the status and the error entries of the answer.
func (e *env) apiErrors(user, method, path, body, acceptLang string) (int, []struct{ Field, Message string }) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.http.URL+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+e.tokens[user])
	if acceptLang != "" {
		req.Header.Set("Accept-Language", acceptLang)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Errors []struct{ Field, Message string } `json:"errors"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		e.t.Fatalf("%s %s: error body is not JSON: %v", method, path, err)
	}
	return res.StatusCode, out.Errors
}

// TestAPIErrorsFollowAcceptLanguage: an API error answers in English unless
// the client asks for Dutch, with the same status and the same field names.
func TestAPIErrorsFollowAcceptLanguage(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name, user, method, path, body string
		status                         int
		english, dutch                 []string // the messages, in order
	}{
		{"Err422", "officer", "POST", "/api/v1/cases", `{"subject":"","theme":"jeugd","postcode":"53","neighbourhood":"Ussen"}`,
			http.StatusUnprocessableEntity,
			[]string{"must be a four-digit postcode area (PC4), e.g. 5341", "is required: name at least the main person"},
			[]string{"moet een postcodegebied van vier cijfers zijn, bijvoorbeeld 5341", "is verplicht: vul ten minste de hoofdpersoon in"}},
		{"Err422/one of", "officer", "POST", "/api/v1/cases", `{"subject":"X","theme":"diefstal","postcode":"5348","neighbourhood":"Ussen"}`,
			http.StatusUnprocessableEntity, nil, nil},
		{"Err400", "officer", "POST", "/api/v1/cases", `[1]`, http.StatusBadRequest,
			[]string{"the request body must be a JSON object"}, []string{"de inhoud van het verzoek moet een JSON-object zijn"}},
		{"Err404", "officer", "GET", "/api/v1/cases/9999", "", http.StatusNotFound, []string{"not found"}, []string{"niet gevonden"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			codeEN, en := e.apiErrors(tt.user, tt.method, tt.path, tt.body, "")
			codeEN2, en2 := e.apiErrors(tt.user, tt.method, tt.path, tt.body, "en-GB,en;q=0.8")
			codeNL, nl := e.apiErrors(tt.user, tt.method, tt.path, tt.body, "nl-NL,nl;q=0.9,en;q=0.5")
			if codeEN != tt.status || codeEN2 != tt.status || codeNL != tt.status {
				t.Fatalf("status %d (no Accept-Language), %d (en), %d (nl); want %d", codeEN, codeEN2, codeNL, tt.status)
			}
			fields := func(errs []struct{ Field, Message string }) (f, m []string) {
				for _, e := range errs {
					f, m = append(f, e.Field), append(m, e.Message)
				}
				return f, m
			}
			fEN, mEN := fields(en)
			fEN2, mEN2 := fields(en2)
			fNL, mNL := fields(nl)
			if !slices.Equal(fEN, fNL) || !slices.Equal(fEN, fEN2) {
				t.Errorf("fields differ by language: %q (default), %q (en), %q (nl)", fEN, fEN2, fNL)
			}
			if !slices.Equal(mEN, mEN2) {
				t.Errorf("default messages %q differ from English %q", mEN, mEN2)
			}
			if tt.english != nil && (!slices.Equal(mEN, tt.english) || !slices.Equal(mNL, tt.dutch)) {
				t.Errorf("messages %q (en) and %q (nl), want %q and %q", mEN, mNL, tt.english, tt.dutch)
			}
			if slices.Equal(mEN, mNL) {
				t.Errorf("the Dutch messages are the English ones: %q", mNL)
			}
			t.Logf("en %q / nl %q", mEN, mNL)
		})
	}
}

package web

import "slices"

// MissingTranslations returns every "lang key" the server's pages asked for
// and did not find, sorted.
func MissingTranslations(s *Server) []string {
	var out []string
	s.pages.missing.Range(func(k, _ any) bool {
		out = append(out, k.(string))
		return true
	})
	slices.Sort(out)
	return out
}

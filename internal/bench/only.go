package bench

import (
	"fmt"
	"slices"
	"strings"
)

// SelectableLoads are the HTTP loads --only can name: every load but the
// empty handler and the anchor, which always run as the baselines.
var SelectableLoads = []string{"agenda JSON", "agenda page", "case page", storedPDFLoad, pdfAnchorLoad, storedPDFChairLoad}

// ParseOnly reads a comma-separated list of load names, as --only takes it.
// A name may hold a comma itself ("signed minutes PDF, chair (full copy)"):
// at each place the longest run of parts that makes a known name is taken.
// Spaces around a name do not count. An unknown name is an error that lists
// the known ones.
func ParseOnly(s string) ([]string, error) {
	parts := strings.Split(s, ",")
	var out []string
	for i := 0; i < len(parts); {
		j := len(parts)
		for ; j > i; j-- {
			if name := strings.TrimSpace(strings.Join(parts[i:j], ",")); slices.Contains(SelectableLoads, name) {
				out = append(out, name)
				break
			}
		}
		if j == i {
			return nil, fmt.Errorf("--only: no HTTP load is called %q; the loads are: %s", strings.TrimSpace(parts[i]), strings.Join(SelectableLoads, "; "))
		}
		i = j
	}
	return out, nil
}

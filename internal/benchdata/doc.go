// Package benchdata generates a region-sized data set for the benchmarks:
// partner organisations, users, meeting series with years of weekly
// meetings, cases, agendas and minutes in realistic proportions. The data is
// reproducible from a seed and valid by the domain packages' own rules.
package benchdata

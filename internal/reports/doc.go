// Package reports holds the management information of the Veiligheidshuis:
// counts and durations per period, series, neighbourhood, theme and partner,
// aggregated in SQL (GROUP BY), never loaded case by case. A report holds
// aggregates only, never a case or a person; counts from 1 to 4 are hidden as
// "< 5" for every reader except the chair and the secretary (small-cell
// suppression), before anything renders them. It imports no HTTP package.
package reports

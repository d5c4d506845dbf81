// Package privacy answers the data subject's rights (AVG art. 15–17) for the
// privacy officer (functionaris gegevensbescherming): it finds a person by
// BSN or by name and date of birth, assembles a right-of-access report of all
// that is held on them (their person records, the cases they are on with the
// texts, decisions, actions and mandates, the organisations that had access
// and every read from the audit log), and keeps the register of requests for
// correction or erasure with the decision taken.
//
// It reads past need-to-know (conference.System): only the privacy officer's
// routes in internal/web reach it, and they audit every report. It imports no
// HTTP package.
package privacy

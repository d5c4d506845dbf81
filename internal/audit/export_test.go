package audit

import "context"

// LatestSeqsSQL is the statement of each batch of LatestReads' walk, for the plan test.
const LatestSeqsSQL = latestSeqs

// LatestSeqsOf is one batch of LatestReads' walk, for the plan test.
func (l *Log) LatestSeqsOf(ctx context.Context, recordType, recordID string, before int64, n int) ([]int64, error) {
	return l.latestSeqsOf(ctx, recordType, recordID, before, n)
}

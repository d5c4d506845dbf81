package web

import (
	"fmt"
	"time"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
)

// The operations that plan, move and cancel meetings; each records its own
// audit event so that the pages and the API share it.

// planMeetings plans the next count meetings of series seriesID.
func (s *Server) planMeetings(c *gin.Context, seriesID int64, count int) ([]conference.Conference, error) {
	list, err := s.store.PlanMeetings(c.Request.Context(), actor(c), seriesID, count)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(list))
	for i, conf := range list {
		ids[i] = conf.ID
	}
	if err := s.recordAll(c, auditCreate, "conference", ids, "planned"); err != nil {
		logInternal(c, err)
	}
	return list, nil
}

// reschedule moves meeting id to another time, length or place.
func (s *Server) reschedule(c *gin.Context, id int64, startsAt time.Time, minutes int, location string, version int) (conference.Conference, error) {
	conf, err := s.store.Reschedule(c.Request.Context(), actor(c), id, startsAt, minutes, location, version)
	if err != nil {
		return conf, err
	}
	s.record(c, auditUpdate, "conference", conf.ID, "moved to "+conf.StartsAt.Format(time.RFC3339))
	return conf, nil
}

// cancelMeeting cancels meeting id; its items go to the next meeting, which it returns.
func (s *Server) cancelMeeting(c *gin.Context, id int64, reason string, version int, planNext bool) (conference.Conference, error) {
	next, err := s.agenda.Cancel(c.Request.Context(), actor(c), id, reason, version, planNext)
	if err != nil {
		return next, err
	}
	s.record(c, auditUpdate, "conference", id, fmt.Sprintf("cancelled; items moved to conference %d", next.ID))
	return next, nil
}

// storeSeries checks the default question sets, saves sr (new when sr.ID is
// 0) and records the audit event: the one operation behind the admin page and the API.
func (s *Server) storeSeries(c *gin.Context, sr *conference.Series) error {
	known, err := s.agenda.QuestionSetsByID(c.Request.Context(), sr.DefaultQuestionSetIDs)
	if err != nil {
		return err
	}
	var errs conference.ValidationErrors
	for i, id := range sr.DefaultQuestionSetIDs {
		if _, ok := known[id]; !ok {
			errs.Add(fmt.Sprintf("default_question_set_ids[%d]", i), "refers to a question set that does not exist")
		}
	}
	if err := errs.Err(); err != nil {
		return err
	}
	action := auditUpdate
	if sr.ID == 0 {
		action = auditCreate
	}
	if err := s.store.SaveSeries(c.Request.Context(), sr); err != nil {
		return err
	}
	s.record(c, action, "series", sr.ID, sr.Name)
	return nil
}

package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// EntryDetail is GET /entries/{id}: the entry, its reason in words and its history.
type EntryDetail struct {
	*matching.Entry
	ReasonName  string                `json:"reason_name,omitempty"` // as the queue names it: "Two close matches"
	ReasonWords string                `json:"reason_words,omitempty"`
	History     []matching.EntryEvent `json:"history"`
}

var outcomes = map[string]bool{string(matching.EntryProcessed): true, string(matching.EntryReview): true,
	string(matching.EntryFailed): true, string(matching.EntryIgnored): true, string(matching.EntryDismissed): true}

func (s *server) listEntries(w http.ResponseWriter, r *http.Request, _ *caller) error {
	q := r.URL.Query()
	limit, err := limitParam(q)
	if err != nil {
		return err
	}
	var c checker
	if o := q.Get("outcome"); o != "" && !outcomes[o] {
		c.fail("outcome", "outcome %q must be one of processed, review, failed, ignored, dismissed", o)
	}
	c.text("reason", q.Get("reason"))
	c.text("object", q.Get("object"))
	if c.err != nil {
		return c.err
	}
	program, err := s.programParam(r, 0, false)
	if err != nil {
		return err
	}
	rows, next, err := s.DB.ListEntries(r.Context(), store.EntryFilter{ProgramID: program, Outcome: q.Get("outcome"), Reason: q.Get("reason"),
		Object: q.Get("object"), Search: q.Get("q"), After: q.Get("cursor"), Limit: limit})
	if errors.Is(err, store.ErrInvalid) {
		return errf(codeInvalid, "cursor", "%s", userText(err))
	}
	if err != nil {
		return err
	}
	if rows == nil {
		rows = []*matching.Entry{}
	}
	writeJSON(w, http.StatusOK, list[*matching.Entry]{Items: rows, NextCursor: next})
	return nil
}

func (s *server) getEntry(w http.ResponseWriter, r *http.Request, _ *caller) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.answerEntry(w, r.Context(), id)
}

func (s *server) answerEntry(w http.ResponseWriter, ctx context.Context, id int64) error {
	e, err := s.DB.EntryByID(ctx, id)
	if err != nil {
		return err
	}
	h, err := s.DB.EntryHistory(ctx, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, EntryDetail{Entry: e, ReasonName: reasonName(e.Reason), ReasonWords: matching.ReasonWords(e.Reason), History: h})
	return nil
}

// ApplyInput is the body of POST /entries/{id}/apply.
type ApplyInput struct {
	ReferralID string `json:"referral_id"`
	Remember   bool   `json:"remember"`
}

// RetryInput is the (optional) body of POST /entries/{id}/retry: corrected snapshot values by field.
type RetryInput struct {
	Corrections map[string]string `json:"corrections"`
}

// DismissInput is the body of POST /entries/{id}/dismiss.
type DismissInput struct {
	Note string `json:"note"`
}

// reviewAction reads the entry id and checks a receiver is wired.
func (s *server) reviewAction(r *http.Request) (int64, error) {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return 0, err
	}
	if s.Receiver == nil {
		return 0, errf(codeUnavailable, "", "the receiver is not running in this process")
	}
	return id, nil
}

func (s *server) applyEntry(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := s.reviewAction(r)
	if err != nil {
		return err
	}
	var in ApplyInput
	if err := decode(w, r, s.MaxBody, &in); err != nil {
		return err
	}
	var ck checker
	ck.id("referral_id", in.ReferralID)
	if in.ReferralID == "" {
		ck.fail("referral_id", "referral_id is required: the referral this entry is about")
	}
	if ck.err != nil {
		return ck.err
	}
	if _, err := s.Receiver.ApplyEntry(r.Context(), id, in.ReferralID, in.Remember, c.Actor()); err != nil {
		return err
	}
	return s.answerEntry(w, r.Context(), id)
}

func (s *server) retryEntry(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := s.reviewAction(r)
	if err != nil {
		return err
	}
	var in RetryInput
	if err := decodeOptional(w, r, s.MaxBody, &in); err != nil {
		return err
	}
	var ck checker
	ck.custom("corrections", in.Corrections)
	if ck.err != nil {
		return ck.err
	}
	if _, err := s.Receiver.RetryEntry(r.Context(), id, in.Corrections, c.Actor()); err != nil {
		return err
	}
	return s.answerEntry(w, r.Context(), id)
}

func (s *server) dismissEntry(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := s.reviewAction(r)
	if err != nil {
		return err
	}
	var in DismissInput
	if err := decode(w, r, s.MaxBody, &in); err != nil {
		return err
	}
	var ck checker
	if len(in.Note) > 2000 {
		ck.fail("note", "note is longer than 2000 characters")
	}
	if ck.err != nil {
		return ck.err
	}
	if _, err := s.Receiver.DismissEntry(r.Context(), id, in.Note, c.Actor()); err != nil {
		return err
	}
	return s.answerEntry(w, r.Context(), id)
}

// reasonName is matching.ReasonName, "" for no reason.
func reasonName(code string) string {
	if code == "" {
		return ""
	}
	return matching.ReasonName(code)
}

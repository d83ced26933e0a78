package web

import (
	"context"
	"errors"
	"time"

	"github.com/refsync/refsync/store"
)

// offWindow is how far back the programs page counts the changes a switched-off program did not see.
const offWindow = 7 * 24 * time.Hour

// offProgram is what the programs page says about a program that is switched off.
type offProgram struct {
	Saved   bool     // it has saved settings of its own (it may be switched on)
	Objects []string // the objects its rules watch
	Changes int      // Salesforce changes of those objects received in the past week
}

// offPrograms describes each active program that is switched off: whether
// its settings were saved, and how many changes of its objects arrived in
// the past week (each would have been checked against its rules; a change no
// referral of a new program matches waits in the review queue).
func (s *server) offPrograms(ctx context.Context, list []*store.Program) (map[int64]offProgram, error) {
	out := map[int64]offProgram{}
	since := time.Now().UTC().Add(-offWindow).Format(store.TimeFormat)
	for _, p := range list {
		if p.Watching() || p.Archived() {
			continue
		}
		r, version, err := currentRules(ctx, s.DB, p.ID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		o := offProgram{Saved: version > 0, Objects: r.Objects}
		if o.Changes, err = s.DB.ChangesSince(ctx, r.Objects, since); err != nil {
			return nil, err
		}
		out[p.ID] = o
	}
	return out, nil
}

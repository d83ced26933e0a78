package web

import (
	"context"
	"fmt"
	"sync"

	"github.com/refsync/refsync/matching"
)

// recordingReviewer passes every action to the real receiver and remembers
// the calls, so tests can tell that a refused request never reached it.
type recordingReviewer struct {
	inner       Reviewer
	mu          sync.Mutex
	calls       []string
	corrections []map[string]string
}

func (r *recordingReviewer) record(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, s)
}

// Calls returns the actions asked so far.
func (r *recordingReviewer) Calls() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.calls...)
}

func (r *recordingReviewer) ApplyEntry(ctx context.Context, id int64, referralID string, remember bool, actor string) (*matching.Entry, error) {
	r.record(fmt.Sprintf("apply %d %s %v %s", id, referralID, remember, actor))
	return r.inner.ApplyEntry(ctx, id, referralID, remember, actor)
}

func (r *recordingReviewer) RetryEntry(ctx context.Context, id int64, corrections map[string]string, actor string) (*matching.Entry, error) {
	r.record(fmt.Sprintf("retry %d %s", id, actor))
	r.mu.Lock()
	r.corrections = append(r.corrections, corrections)
	r.mu.Unlock()
	return r.inner.RetryEntry(ctx, id, corrections, actor)
}

func (r *recordingReviewer) DismissEntry(ctx context.Context, id int64, note, actor string) (*matching.Entry, error) {
	r.record(fmt.Sprintf("dismiss %d %s %s", id, note, actor))
	return r.inner.DismissEntry(ctx, id, note, actor)
}

func (r *recordingReviewer) Reconnect(ctx context.Context) error {
	r.record("reconnect")
	return r.inner.Reconnect(ctx)
}

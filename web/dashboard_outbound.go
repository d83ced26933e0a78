package web

import (
	"context"
	"time"

	"github.com/refsync/refsync/store"
)

// outboundRow is one kind of outbound work as the dashboard shows it.
type outboundRow struct {
	Kind                     string // in words
	Pending, Running, Failed int
	Oldest                   string // how long the oldest pending job has waited ("—": none)
	Next                     string // when the next attempt is due ("—": none, "now": due)
	Waiting                  string // why jobs wait, e.g. a field Salesforce lets nobody write ("" : nothing wrong)
}

// outboundKinds are the words for the job kinds; a kind not listed shows its name.
var outboundKinds = map[string]string{
	store.JobSFPush:   "New referrals to Salesforce",
	store.JobSFStatus: "Status write-back to Salesforce",
	store.JobWebhook:  "Webhook deliveries",
	store.JobMail:     "Email to admins",
}

// outboundRows reads how each kind of outbound work stands.
func outboundRows(ctx context.Context, db *store.DB, now time.Time) ([]outboundRow, error) {
	stats, err := db.OutboundStats(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]outboundRow, 0, len(stats))
	for _, s := range stats {
		r := outboundRow{Kind: s.Kind, Pending: s.Pending, Running: s.Running, Failed: s.Failed, Oldest: "—", Next: "—", Waiting: s.LastError}
		if w, ok := outboundKinds[s.Kind]; ok {
			r.Kind = w
		}
		if t, ok := parseTime(s.OldestWaiting); ok {
			r.Oldest = duration(now.Sub(t))
		}
		if t, ok := parseTime(s.NextAttempt); ok {
			r.Next = "now"
			if d := t.Sub(now); d > 0 {
				r.Next = "in " + duration(d)
			}
		}
		out = append(out, r)
	}
	return out, nil
}

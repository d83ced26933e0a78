package connector_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/store"
)

// The won stage was renamed in the org; the draft names it again. The
// preview shows the deals won meanwhile approved (the denied one to review)
// and leaves every row of the database as it was.
func TestPreviewShowsTheFixAndWritesNothing(t *testing.T) {
	w := newPastWorld(t, "")
	w.seed(3)
	if _, _, err := w.db.SetReferralStatus(w.ctx, store.StatusChange{ReferralID: w.refs[2], To: store.StatusDenied, Actor: "user:a", Manual: true}); err != nil {
		t.Fatal(err)
	}
	before := fingerprint(t, w.db.R)
	p, err := w.rc.Preview(w.ctx, connector.PreviewRequest{Program: store.DefaultProgram, Draft: wonDraft(), Since: time.Now().Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if after := fingerprint(t, w.db.R); after != before {
		t.Fatal("the preview changed the database")
	}
	if p.Examined != 15 || p.Changed != 3 || len(p.Entries) != 3 {
		t.Fatalf("examined %d, changed %d (%v); want 15 and 3 (the Won entries)", p.Examined, p.Changed, p.Entries)
	}
	want := []connector.OutcomeMove{{From: "processed", To: "processed", N: 2}, {From: "processed", To: "review", N: 1}}
	if !slices.Equal(p.Outcomes, want) {
		t.Errorf("outcomes %+v, want %+v", p.Outcomes, want)
	}
	if p.ReviewChange != 1 {
		t.Errorf("review queue change %d, want +1 (the denied referral)", p.ReviewChange)
	}
	var moved []string
	for _, m := range p.Referrals {
		if m.From != "pending" || m.Base != "" || m.Draft != "approved" || len(m.Entries) != 1 {
			t.Errorf("referral move %+v, want pending → approved by one entry, nothing without the draft", m)
		}
		moved = append(moved, m.ReferralID)
	}
	if !slices.Equal(moved, w.refs[:2]) {
		t.Errorf("referrals moved %v, want %v (not the denied one)", moved, w.refs[:2])
	}
	if len(p.Sample) != 3 || !slices.Contains(p.Sample[0].Changes, `rule: none → Opportunity.StageName entered "Won" → approved`) {
		t.Errorf("sample %+v: want each changed entry with the rule that now fires", p.Sample)
	}
	if len(p.Unread) != 0 {
		t.Errorf("unread fields %v: every stored entry has StageName", p.Unread)
	}
	draft := wonDraft()
	draft.Events = append(draft.Events, config.Event{Object: "Opportunity", Field: "Probability", Operator: config.OpEquals, Value: "100", Status: "approved"})
	if p, err := w.rc.Preview(w.ctx, connector.PreviewRequest{Draft: draft, Since: time.Now().Add(-time.Hour)}); err != nil {
		t.Error(err)
	} else if !slices.Equal(p.Unread, []string{"Opportunity.Probability"}) {
		t.Errorf("a rule on a field no entry stored: unread %v", p.Unread)
	}
	if got := w.status(w.refs[0]); got != "pending" {
		t.Errorf("referral %s is %s after a preview", w.refs[0], got)
	}
}

// A draft equal to the rules in force changes nothing; a draft that polls
// Account too costs its polls and channel.
func TestPreviewOfTheSameRulesChangesNothing(t *testing.T) {
	w := newPastWorld(t, "")
	w.seed(2)
	draft := config.DefaultRules()
	draft.Objects = append(draft.Objects, "Account")
	p, err := w.rc.Preview(w.ctx, connector.PreviewRequest{Draft: draft, Since: time.Now().Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if p.Changed != 0 || len(p.Outcomes) != 0 || len(p.Referrals) != 0 {
		t.Fatalf("preview of unchanged matching rules: %+v", p)
	}
	if b, d := p.CostInForce, p.CostDraft; d.CallsPerDay != b.CallsPerDay*4/3 || len(d.Channels) != 4 || !strings.Contains(strings.Join(d.Objects, ","), "Account") {
		t.Errorf("cost in force %+v, draft %+v: want a fourth object's polls and channel", b, d)
	}
}

func (w *pastWorld) status(id string) string {
	w.t.Helper()
	r, err := w.db.ReferralByID(w.ctx, id)
	if err != nil {
		w.t.Fatal(err)
	}
	return r.Status
}

// entryEvents counts an entry's history rows of an action.
func (w *pastWorld) entryEvents(id int64, action string) int {
	w.t.Helper()
	h, err := w.db.EntryHistory(w.ctx, id)
	if err != nil {
		w.t.Fatal(err)
	}
	n := 0
	for _, ev := range h {
		if ev.Action == action {
			n++
		}
	}
	return n
}

// BenchmarkPreview100k previews the renamed-won-stage fix over 100,000
// stored entries (20,000 deals, five stages each): every entry is read back
// with the snapshot before it and run through the dry-run pipeline; the
// 20,000 whose outcome changes are applied and rolled back with both rule
// sets. Target: at most 10 s on the project's 2-core machine.
func BenchmarkPreview100k(b *testing.B) {
	w := newPastWorld(b, "")
	w.seed(20_000)
	since := time.Now().Add(-time.Hour)
	b.ResetTimer()
	for range b.N {
		p, err := w.rc.Preview(w.ctx, connector.PreviewRequest{Draft: wonDraft(), Since: since})
		if err != nil {
			b.Fatal(err)
		}
		if p.Examined != 100_000 || p.Changed != 20_000 {
			b.Fatalf("examined %d, changed %d; want 100000 and 20000", p.Examined, p.Changed)
		}
	}
	b.ReportMetric(float64(100_000*b.N)/b.Elapsed().Seconds(), "entries/s")
}

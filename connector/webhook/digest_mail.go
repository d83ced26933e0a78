package webhook

import (
	"context"
	"fmt"
	"strings"

	"github.com/refsync/refsync/connector/outbound"
)

// digestMail writes the review digest as one email.
func digestMail(d *ReviewDigest, baseURL string) (subject, body string) {
	entries := fmt.Sprintf("%d entries", d.Count)
	if d.Count == 1 {
		entries = "1 entry"
	}
	subject = "refsync: " + entries + " went to review"
	var b strings.Builder
	fmt.Fprintf(&b, "%s went to review since the last message.\n\nOldest waiting:\n", strings.Replace(entries, "entr", "sales entr", 1))
	for _, it := range d.Items {
		reason := it.ReasonName
		if reason == "" {
			reason = it.Reason
		}
		fmt.Fprintf(&b, "- #%d %s %s, %s, since %s", it.EntryID, it.Object, it.RecordID, reason, it.At)
		if baseURL != "" {
			fmt.Fprintf(&b, " — %s/entries/%d", strings.TrimRight(baseURL, "/"), it.EntryID)
		}
		b.WriteString("\n")
	}
	if baseURL != "" {
		fmt.Fprintf(&b, "\nThe review queue: %s/entries\n", strings.TrimRight(baseURL, "/"))
	}
	return subject, b.String()
}

// MailDigest queues the review digest as email when one is due: at most one
// message per DigestEvery, with the count and the oldest waiting entries,
// only for entries of programs whose "notify when an entry goes to review"
// toggle is on. The message and the digest's cursor are stored together, so
// a digest is neither lost nor queued twice; the mail kind sends it, retrying
// while the mail server refuses.
func (d *Dispatcher) MailDigest(ctx context.Context) error {
	d.defaults()
	if d.Mail == nil {
		return nil
	}
	programs, err := d.notifyPrograms(ctx)
	if err != nil {
		return err
	}
	if programs != nil && len(programs) == 0 {
		return d.DB.SkipReviewDigest(ctx, CursorReviewMail)
	}
	dg, err := d.DB.PendingReviewDigest(ctx, CursorReviewMail, d.DigestEvery, d.DigestSize, programs)
	if err != nil || dg == nil {
		return err
	}
	subject, body := digestMail(dg, d.Mail.BaseURL)
	msg := outbound.Message{Subject: subject, Body: body}
	if err := d.DB.QueueMail(ctx, fmt.Sprintf("review-digest:%d", dg.UpTo), msg.Payload(), CursorReviewMail, dg.UpTo); err != nil {
		return err
	}
	return d.Mail.sendNow(ctx)
}

// sendNow sends queued mail at once when the mailbox has an Out.
func (m *Mailbox) sendNow(ctx context.Context) error {
	if m.Out == nil {
		return nil
	}
	_, err := m.Out.RunOnce(ctx)
	return err
}

// notifyPrograms are the programs whose toggle asks for notifications (nil: every program).
func (d *Dispatcher) notifyPrograms(ctx context.Context) ([]int64, error) {
	if d.NotifyPrograms == nil {
		return nil, nil
	}
	ps, err := d.NotifyPrograms(ctx)
	if err != nil {
		return nil, fmt.Errorf("hook: read the notify toggles: %w", err)
	}
	if ps == nil {
		ps = []int64{}
	}
	return ps, nil
}

package hook

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/refsync/refsync/connector/outbound"
)

// trouble describes what is wrong with the Salesforce connection now, in
// words, one line per problem ("" when all is well): an unauthorized or
// limited connection, and every watched object whose last run failed.
func (d *Dispatcher) trouble(ctx context.Context) (string, error) {
	conn, err := d.DB.ConnectionState(ctx)
	if err != nil {
		return "", err
	}
	var lines []string
	switch conn.State {
	case "unauthorized":
		lines = append(lines, "Salesforce refused refsync's login (unauthorized): the sync is paused. An admin reconnects under Settings → Connection. "+conn.LastError)
	case "limited":
		lines = append(lines, fmt.Sprintf("The Salesforce API budget is spent (%d of %d calls): the sync waits until it is available again.", conn.APIUsed, conn.APIMax))
	}
	states, err := d.DB.SyncStates(ctx)
	if err != nil {
		return "", err
	}
	for _, st := range states {
		if st.LastError == "" {
			continue
		}
		why := st.Advice
		if why == "" {
			why = st.LastError
		}
		lines = append(lines, fmt.Sprintf("%s: the last sync failed — %s", st.Object, why))
	}
	sort.Strings(lines[min(len(lines), 1):]) // stable wording between runs: connection first, then objects by name
	return strings.Join(lines, "\n"), nil
}

// MailTrouble queues an email to the admins when the connection gets into trouble
// (unauthorized, limited, an object failing) and when that trouble changes or
// ends: one message per change, never one per run.
func (d *Dispatcher) MailTrouble(ctx context.Context) error {
	d.defaults()
	if d.Mail == nil {
		return nil
	}
	now, err := d.trouble(ctx)
	if err != nil {
		return fmt.Errorf("hook: read the connection state: %w", err)
	}
	d.troubleMu.Lock()
	defer d.troubleMu.Unlock()
	if now == d.lastTrouble {
		return nil
	}
	subject, body := "refsync: Salesforce connection trouble", "refsync needs attention:\n\n"+now+"\n"
	if now == "" {
		subject, body = "refsync: the Salesforce connection is back to normal", "The problems reported before are gone; the sync runs again.\n"
	}
	if d.Mail.BaseURL != "" {
		body += "\nDashboard: " + strings.TrimRight(d.Mail.BaseURL, "/") + "/\n"
	}
	ref := fmt.Sprintf("trouble:%s", d.Now().UTC().Format(time.RFC3339Nano))
	if err := d.DB.QueueMail(ctx, ref, outbound.Message{Subject: subject, Body: body}.Payload(), "", 0); err != nil {
		return err
	}
	d.lastTrouble = now
	return d.Mail.sendNow(ctx)
}

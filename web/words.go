package web

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// The UI shows words, never codes: these tables name the operators, the
// kinds of match fields, the reasons, the audit actions and the webhook events.

var opNames = map[string]string{"equals": "equals", "not_equals": "does not equal", "contains": "contains",
	"in": "is one of (comma-separated)", "is_true": "is checked"}

var kindNames = map[string]string{
	"referral_id": "Referral ID", "external_id": "External ID", "member_code": "Member's referral code",
	"member_email": "Member's email", "member_external_id": "Member's external ID", "first_name": "First name",
	"last_name": "Last name", "email": "Email", "phone": "Phone", "company": "Company", "street": "Street",
	"city": "City", "state": "State", "postal_code": "Postal code", "address": "Address", "name": "Name",
	"conflict": "Conflict", "held": "Held back", // the matcher's verdicts beside the fields
}

var auditNames = map[string]string{
	"settings.save": "Settings saved", "settings.rollback": "Settings rolled back", "webhook.create": "Webhook added",
	"webhook.update": "Webhook changed", "webhook.delete": "Webhook deleted", "webhook.test": "Webhook tested",
	"webhook.resend": "Webhook delivery sent again", "user.add": "User added", "token.create": "API token created",
	"token.revoke": "API token revoked", "connection.reconnect": "Reconnected to Salesforce", "sync.rescan": "Re-scan started",
	"sync.pause": "Object paused", "sync.resume": "Object resumed",
	"program.create": "Program added", "program.rename": "Program renamed", "program.archive": "Program archived",
	"program.restore": "Program restored", "program.switch_on": "Program switched on", "program.switch_off": "Program switched off",
	"entry.apply": "Entry applied", "entry.retry": "Entry retried", "entry.dismiss": "Entry dismissed",
	"user.role": "Role changed", "user.password": "Password reset", "user.enable": "User enabled", "user.disable": "User disabled",
	"notify.save": "Notifications changed", "notify.test": "Test email sent", "settings.replay": "Replay started",
	"referral.update": "Referral changed", "referral.push": "Push queued again", "referral.link": "Referral linked to an existing record", "member.update": "Member changed",
}

var hookEventNames = map[string]string{"referral.created": "A referral is added", "referral.status_changed": "A referral's status changes",
	"entry.review": "Entries go to review (digest)", "webhook.test": "Test delivery"}

// wordsOf looks code up in table; an unknown code is shown with its underscores as spaces.
func wordsOf(table map[string]string, code string) string {
	if w, ok := table[code]; ok {
		return w
	}
	return strings.ReplaceAll(code, "_", " ")
}

func init() {
	funcs["opWords"] = func(c string) string { return wordsOf(opNames, c) }
	funcs["kindWords"] = func(c string) string { return wordsOf(kindNames, c) }
	funcs["reasonName"] = matching.ReasonName
	funcs["auditWords"] = func(c string) string { return wordsOf(auditNames, c) }
	funcs["hookEventWords"] = func(c string) string { return wordsOf(hookEventNames, c) }
}

var historyNames = map[string]string{"received": "Received from Salesforce", "apply": "Applied by hand", "retry": "Retried",
	"dismiss": "Dismissed", "review": "Sent to review"}

var outcomeNames = map[string]string{"processed": "processed", "review": "in review", "failed": "failed", "ignored": "ignored",
	"dismissed": "dismissed"}

func init() {
	// qs marks a query string the handler built (with url.Values.Encode) as safe to put after "?"
	funcs["qs"] = func(s string) template.URL { return template.URL(s) }
	funcs["historyWords"] = func(c string) string { return wordsOf(historyNames, c) }
	funcs["outcomeWords"] = func(o any) string { return wordsOf(outcomeNames, fmt.Sprint(o)) }
}

// actorWords names who did something for people: "user:ann@x" is ann@x,
// "api:zapier" the API token zapier, "sync" the sync, "cli" the command line.
func actorWords(actor string) string {
	switch {
	case strings.HasPrefix(actor, "user:"):
		return strings.TrimPrefix(actor, "user:")
	case strings.HasPrefix(actor, "api:"):
		return "API token “" + strings.TrimPrefix(actor, "api:") + "”"
	case actor == "sync":
		return "the sync"
	case actor == "cli":
		return "the command line"
	}
	return actor
}

// referralName names a referral for people: its name, else its email, else its id.
func referralName(r *store.Referral) string {
	if n := strings.TrimSpace(r.FirstName + " " + r.LastName); n != "" {
		return n
	}
	if r.Email != "" {
		return r.Email
	}
	return r.ID
}

// bestBand names the band of the entry's best candidate as the matcher
// worded it (sure, likely, possible, doubtful, weak); "" without candidates.
func bestBand(e *matching.Entry) string {
	if len(e.Candidates) == 0 {
		return ""
	}
	if b := e.Candidates[0].Band; b != "" {
		return b
	}
	return matching.Band(e.Candidates[0].Score)
}

// weighs says how much a field moved a candidate's score, from its signed
// share of the evidence: the entry page's "Weighs" column.
func weighs(share float64) string {
	switch {
	case share >= 0.25:
		return "strongly for"
	case share >= 0.05:
		return "for"
	case share > -0.05:
		return "hardly"
	case share > -0.25:
		return "against"
	}
	return "strongly against"
}

func init() {
	funcs["bestBand"] = bestBand
	funcs["weighs"] = weighs
}

// formName names the record a form edits from its values: the name, else
// the email, else the referral code, else fallback (its id).
func formName(v map[string]string, fallback string) string {
	if n := strings.TrimSpace(v["first_name"] + " " + v["last_name"]); n != "" {
		return n
	}
	for _, k := range []string{"email", "referral_code"} {
		if v[k] != "" {
			return v[k]
		}
	}
	return fallback
}

func init() {
	funcs["refName"] = referralName
	funcs["formName"] = formName
}

func init() {
	funcs["pctx"] = func(v float64) string { return fmtPct(v) + " %" } // a threshold: 99.7 %
	funcs["fmtPct"] = fmtPct
	funcs["pct2"] = func(v float64) string { return fmt.Sprintf("%.2f %%", v*100) } // precision, recall: 99.52 %
}

// cls makes words a class name: "held back" → "held-back".
func cls(words string) string { return strings.ReplaceAll(words, " ", "-") }

func init() { funcs["cls"] = cls }

package web

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// foundLimit is how many referrals a search on the entry page lists.
const foundLimit = 20

// fieldChange is what applying an entry would change on a referral: one
// field, its value now and after.
type fieldChange struct{ Field, Before, After string }

// applyPreview is what a reviewer sees before applying an entry to a referral
// they picked from a search: the record beside the referral, and what changes.
type applyPreview struct {
	Referral *store.Referral
	Compare  []fieldRow
	Changes  []fieldChange
	Member   string // the record names another member
}

// applyChanges lists what applying e to r would change on r: its status (when
// the rule names one) and each field a mapping of e's object copies over.
func applyChanges(e *matching.Entry, r *store.Referral, rules *config.Rules) []fieldChange {
	if r == nil {
		return nil
	}
	var out []fieldChange
	if e.TargetStatus != "" && e.TargetStatus != r.Status {
		out = append(out, fieldChange{"Status", r.Status, e.TargetStatus})
	}
	for _, m := range rules.Mappings {
		v, ok := e.Snapshot[m.Field]
		if m.Object != e.Object || !ok || v == nil {
			continue
		}
		after := showValue(v)
		before, label := "", m.Target
		switch {
		case m.Target == "amount":
			label = "Amount"
			if r.Amount != nil {
				before = fmt.Sprint(*r.Amount)
			}
		case m.Target == "company":
			label, before = "Company", r.Company
		case strings.HasPrefix(m.Target, "custom."):
			label = "Custom field " + strings.TrimPrefix(m.Target, "custom.")
			before = r.Custom[strings.TrimPrefix(m.Target, "custom.")]
		}
		if before != after {
			if !strings.EqualFold(label, m.Field) {
				label += " (from " + m.Field + ")"
			}
			out = append(out, fieldChange{label, before, after})
		}
	}
	return out
}

// loadSearch fills the entry page's referral search: the results (nothing
// chosen), whether more match, and the preview of the one picked to compare.
func (s *server) loadSearch(ctx context.Context, v *entryView, rules *config.Rules, pick string) error {
	if v.Search != "" {
		found, next, err := s.DB.ListReferrals(ctx, store.ReferralFilter{ProgramID: v.Entry.ProgramID, Search: v.Search, Limit: foundLimit})
		if err != nil {
			return err
		}
		v.Found, v.MoreFound = found, next != ""
	}
	if pick == "" {
		return nil
	}
	r, err := s.DB.ReferralByID(ctx, pick)
	if errors.Is(err, store.ErrNotFound) {
		v.Error = fmt.Sprintf("There is no referral %q any more; search again and pick one from the list.", pick)
		return nil
	}
	if err != nil {
		return err
	}
	v.Preview = &applyPreview{Referral: r, Compare: compareRows(v.Entry, r, rules), Changes: applyChanges(v.Entry, r, rules),
		Member: memberMismatch(missingMemberCode(v.Entry, rules), r)}
	return nil
}

// memberMismatch says, in words, when the record names a member (code) other
// than the referral's; "" when they agree or either is unknown.
func memberMismatch(code string, r *store.Referral) string {
	if code == "" || r == nil || strings.EqualFold(code, r.MemberCode) {
		return ""
	}
	if r.MemberCode == "" {
		return fmt.Sprintf("The record names member %s; this referral has no member.", code)
	}
	return fmt.Sprintf("The record names member %s; this referral was referred by member %s.", code, r.MemberCode)
}

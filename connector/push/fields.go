package push

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/refsync/refsync/config"
)

// notProvided is what Salesforce's own web-to-lead writes into a required field it has no value for.
const notProvided = "[not provided]"

// Fields returns the Salesforce fields of a referral's new record under the
// rules: standard fields (address on Mailing* for Contacts), the Referral ID,
// lead source, source note, URLs, the chosen member fields and mapped custom
// fields. Empty values are left out; Lead's required LastName and Company, and
// Contact's LastName, are filled when the referral has none.
func Fields(it Item, p config.PushRules) map[string]any {
	r := it.Referral
	f := map[string]any{}
	set := func(name, v string) {
		if name != "" && strings.TrimSpace(v) != "" {
			f[name] = strings.TrimSpace(v)
		}
	}
	set("FirstName", r.FirstName)
	set("LastName", r.LastName)
	set("Email", r.Email)
	set("Phone", r.Phone)
	addr := []string{"Street", "City", "State", "PostalCode"}
	if p.Object == "Contact" {
		addr = []string{"MailingStreet", "MailingCity", "MailingState", "MailingPostalCode"}
	} else {
		set("Company", r.Company)
		if f["Company"] == nil {
			f["Company"] = notProvided
		}
	}
	for i, v := range []string{r.Street, r.City, r.State, r.PostalCode} {
		set(addr[i], v)
	}
	if f["LastName"] == nil {
		f["LastName"] = lastNameFallback(r.Email, r.Company)
	}
	set(p.ReferralIDField, r.ID)
	set("LeadSource", p.LeadSource)
	set(p.SourceNoteField, sourceNote(it))
	if base := strings.TrimRight(p.BaseURL, "/"); base != "" {
		set(p.ReferralURLField, base+"/referrals/"+url.PathEscape(r.ID))
		if it.Member != nil && it.Member.ID != "" {
			set(p.MemberURLField, base+"/members/"+url.PathEscape(it.Member.ID))
		}
	}
	if m := it.Member; m != nil {
		values := map[string]string{"name": strings.TrimSpace(m.FirstName + " " + m.LastName), "email": m.Email,
			"external_id": m.ExternalID, "phone": m.Phone, "referral_code": m.Code}
		for _, mf := range p.MemberFields {
			set(p.MemberFieldTarget(mf), values[mf])
		}
	}
	for key, target := range p.CustomFields {
		set(target, it.Custom[key])
	}
	return f
}

func lastNameFallback(email, company string) string {
	if i := strings.IndexByte(email, '@'); i > 0 {
		return email[:i]
	}
	if company != "" {
		return company
	}
	return notProvided
}

// sourceNote says in a sentence where the referral came from.
func sourceNote(it Item) string {
	if m := it.Member; m != nil {
		name := strings.TrimSpace(m.FirstName + " " + m.LastName)
		if name == "" {
			name = m.Email
		}
		return fmt.Sprintf("Referred by %s (member code %s) through refsync.", name, m.Code)
	}
	return "Referral added through refsync."
}

// UpdateFields are the fields an "update" of an existing record writes: the
// mapped ones, without those that would overwrite who the person is.
func UpdateFields(it Item, p config.PushRules) map[string]any {
	f := Fields(it, p)
	if it.Referral.Company == "" {
		delete(f, "Company")
	}
	if it.Referral.LastName == "" {
		delete(f, "LastName")
	}
	return f
}

package web

import (
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/refsync/refsync/config"
)

// memberFieldOrder is the order the push section lists the member fields in.
var memberFieldOrder = []string{"referral_code", "name", "email", "phone", "external_id"}

// memberFieldWords name the referring member's fields a push can write.
var memberFieldWords = map[string]string{"referral_code": "Referral code", "name": "Name", "email": "Email",
	"phone": "Phone", "external_id": "External ID"}

// pushForm is the "New referrals in Salesforce" part of the settings form.
type pushForm struct {
	Object, OnExisting, Recent                   string
	ReferralIDField, LeadSource, SourceNoteField string
	ReferralURLField, MemberURLField, BaseURL    string
	Members                                      []pushMemberRow
	Custom                                       []pushCustomRow
	Status                                       []config.StatusTarget
	StatusObjects                                []string
}

// pushMemberRow is one member field: whether it is written, and where.
type pushMemberRow struct {
	Key, Label, Target string
	On                 bool
}

// pushCustomRow maps a referral custom field to a Salesforce field.
type pushCustomRow struct{ Key, Field string }

// pushFormFrom fills the push part of the form from the rules.
func pushFormFrom(p config.PushRules) pushForm {
	f := pushForm{Object: p.Object, OnExisting: p.OnExistingEmail, Recent: strconv.Itoa(p.RecentWindowMinutes),
		ReferralIDField: p.ReferralIDField, LeadSource: p.LeadSource, SourceNoteField: p.SourceNoteField,
		ReferralURLField: p.ReferralURLField, MemberURLField: p.MemberURLField, BaseURL: p.BaseURL, Status: p.StatusTargets}
	for _, k := range memberFieldOrder {
		on := false
		for _, m := range p.MemberFields {
			on = on || m == k
		}
		f.Members = append(f.Members, pushMemberRow{Key: k, Label: memberFieldWords[k], Target: p.MemberFieldTarget(k), On: on})
	}
	keys := make([]string, 0, len(p.CustomFields))
	for k := range p.CustomFields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f.Custom = append(f.Custom, pushCustomRow{k, p.CustomFields[k]})
	}
	f.pad()
	return f
}

// pad adds blank rows to the lists and the object choices of the status rows.
func (f *pushForm) pad() {
	for range blankRows {
		f.Custom = append(f.Custom, pushCustomRow{})
		f.Status = append(f.Status, config.StatusTarget{})
	}
	f.StatusObjects = []string{"Lead", "Contact", "Opportunity", "Account"}
}

// parsePushForm reads the push part of the posted form into p; numbers that
// are not numbers come back as messages.
func parsePushForm(v url.Values, p *config.PushRules, msgs []string) (pushForm, []string) {
	f := pushForm{Object: v.Get("push_object"), OnExisting: v.Get("push_on_existing"), Recent: strings.TrimSpace(v.Get("push_recent")),
		ReferralIDField: strings.TrimSpace(v.Get("push_referral_id_field")), LeadSource: strings.TrimSpace(v.Get("push_lead_source")),
		SourceNoteField: strings.TrimSpace(v.Get("push_source_note_field")), ReferralURLField: strings.TrimSpace(v.Get("push_referral_url_field")),
		MemberURLField: strings.TrimSpace(v.Get("push_member_url_field")), BaseURL: strings.TrimSpace(v.Get("push_base_url"))}
	p.Object, p.OnExistingEmail = f.Object, f.OnExisting
	p.ReferralIDField, p.LeadSource, p.SourceNoteField = f.ReferralIDField, f.LeadSource, f.SourceNoteField
	p.ReferralURLField, p.MemberURLField, p.BaseURL = f.ReferralURLField, f.MemberURLField, f.BaseURL
	if f.Recent != "" {
		n, err := strconv.Atoi(f.Recent)
		if err != nil || n < 0 {
			msgs = append(msgs, "New referrals in Salesforce, recently created records: \""+f.Recent+"\" is not a number of minutes; write a whole number like 60.")
		}
		p.RecentWindowMinutes = n
	}
	p.MemberFields, p.MemberFieldTargets = nil, nil
	for _, k := range memberFieldOrder {
		row := pushMemberRow{Key: k, Label: memberFieldWords[k], Target: strings.TrimSpace(v.Get("push_member_target_" + k)), On: v.Has("push_member_" + k)}
		if row.On {
			p.MemberFields = append(p.MemberFields, k)
		}
		if row.Target != "" && row.Target != config.DefaultMemberFieldTargets[k] {
			if p.MemberFieldTargets == nil {
				p.MemberFieldTargets = map[string]string{}
			}
			p.MemberFieldTargets[k] = row.Target
		}
		if row.Target == "" {
			row.Target = config.DefaultMemberFieldTargets[k]
		}
		f.Members = append(f.Members, row)
	}
	p.CustomFields = nil
	for i := range v["push_custom_key"] {
		row := pushCustomRow{Key: at(v, "push_custom_key", i), Field: at(v, "push_custom_field", i)}
		if row.Key == "" && row.Field == "" {
			continue
		}
		if p.CustomFields == nil {
			p.CustomFields = map[string]string{}
		}
		p.CustomFields[row.Key] = row.Field
		f.Custom = append(f.Custom, row)
	}
	p.StatusTargets = nil
	for i := range v["push_st_object"] {
		st := config.StatusTarget{Object: at(v, "push_st_object", i), Field: at(v, "push_st_field", i), ChangedField: at(v, "push_st_changed", i)}
		if st.Field == "" && st.ChangedField == "" {
			continue
		}
		p.StatusTargets = append(p.StatusTargets, st)
		f.Status = append(f.Status, st)
	}
	f.pad()
	return f, msgs
}

// pushLabels name the push settings as the form labels them, for messages.
var pushLabels = []struct{ key, label string }{
	{"push.member_fields.", "New referrals in Salesforce, member field "},
	{"push.custom_fields.", "New referrals in Salesforce, custom field "},
	{"push.referral_id_field", "New referrals in Salesforce, field for refsync's referral id"},
	{"push.source_note_field", "New referrals in Salesforce, field for the source note"},
	{"push.referral_url_field", "New referrals in Salesforce, field for the link to the referral"},
	{"push.member_url_field", "New referrals in Salesforce, field for the link to the member"},
	{"push.lead_source", "New referrals in Salesforce, lead source"},
	{"push.status_targets", "New referrals in Salesforce, status write-back"},
	{"config: push rules: ", "New referrals in Salesforce: "},
}

// pushMessage names a push setting in a message as the form does.
func pushMessage(line string) string {
	for _, k := range pushLabels {
		i := strings.Index(line, k.key)
		if i < 0 {
			continue
		}
		rest := line[i+len(k.key):]
		if strings.HasSuffix(k.key, ".") { // a member field or custom key follows: name it
			name, after, _ := strings.Cut(rest, ":")
			if w, ok := memberFieldWords[name]; ok {
				name = strings.ToLower(w)
			}
			return line[:i] + k.label + "“" + name + "”:" + after
		}
		return line[:i] + k.label + rest
	}
	return line
}

package matching

import "testing"

// A required Company field filled with a placeholder ("[not provided]" from
// Salesforce's web-to-lead, "N/A", "Individual") names no company: two of them
// are no evidence, and one beside a real company name is no conflict.
func TestPlaceholderCompanyIsNoCompany(t *testing.T) {
	for _, p := range []string{"[not provided]", "N/A", "n.a.", "none", "Individual", "Self-employed", "UNKNOWN"} {
		if got := NormalizeCompany(p); got != "" {
			t.Errorf("NormalizeCompany(%q) = %q, want empty", p, got)
		}
	}
	if got := NormalizeCompany("None Such Records Ltd"); got != "none such records" {
		t.Errorf("a real name that starts like a placeholder: %q", got)
	}
	ix := NewIndex()
	ix.Add(Referral{ID: "r-robert", FirstName: "Robert", LastName: "Hernandez", Email: "robert.hernandez@outlook.com", Company: "Bluth", City: "New York"})
	ix.Add(Referral{ID: "r-wei", FirstName: "Wei", LastName: "Van der Berg", Company: "[not provided]", City: "Chicago"})
	d := ix.Match(SalesEntry{FirstName: "Robert", LastName: "Hernandez", Email: "robert.hernandez@outlook.com", Company: "[not provided]", City: "New York"}, DefaultThresholds())
	if d.Outcome != OutcomeAuto || d.ReferralID != "r-robert" {
		t.Errorf("a Lead without a company beside its referral with one: got %q %q %+v, want r-robert applied", d.Outcome, d.ReferralID, d.Candidates)
	}
	for _, c := range d.Candidates {
		if c.ReferralID == "r-wei" && c.Score > 0.02 {
			t.Errorf("two placeholders made Wei a candidate at %.3f: %+v", c.Score, c.Fields)
		}
	}
}

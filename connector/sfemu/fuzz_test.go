package sfemu

import (
	"errors"
	"testing"
)

// FuzzParseSOQL checks that no input makes the parser, the binder or the
// evaluator panic, and that every refusal is a SOQLError with a usable position.
func FuzzParseSOQL(f *testing.F) {
	f.Add("SELECT Id FROM Lead")
	f.Add("SELECT Id, Account.Name, (SELECT ContactId, Contact.Email FROM OpportunityContactRoles) FROM Opportunity WHERE SystemModstamp >= 2024-01-01T00:00:00Z ORDER BY SystemModstamp, Id LIMIT 2000")
	sc, err := newSchema()
	if err != nil {
		f.Fatal(err)
	}
	org, err := New(Options{Seed: 1, SeedCount: 40})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		parsed, err := ParseSOQL(q)
		if err != nil {
			var se *SOQLError
			if !errors.As(err, &se) || se.Pos < 0 || se.Pos > len(q) {
				t.Fatalf("error %#v", err)
			}
			_ = se.Error()
			return
		}
		b := &binder{s: sc, q: q}
		if _, err := b.bind(parsed); err != nil {
			_ = err.Error()
			return
		}
		if len(q) < 400 { // evaluate and render against a small seeded org
			_, _ = org.Query(q)
		}
	})
}

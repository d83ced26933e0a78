package matching

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pools are real values from the bench data that synthetic people are made of.
type pools struct {
	first, last, city, street, state, domain []string
}

func loadPools(tb testing.TB) pools {
	tb.Helper()
	var p pools
	seen := map[string]bool{}
	addTo := func(dst *[]string, v string) {
		v = strings.ToLower(strings.TrimSpace(v))
		if len(v) >= 2 && !seen[v+fmt.Sprint(len(*dst) > -1)+fmt.Sprintf("%p", dst)] {
			seen[v+fmt.Sprint(len(*dst) > -1)+fmt.Sprintf("%p", dst)] = true
			*dst = append(*dst, v)
		}
	}
	for _, dir := range []string{"fake_1000", "febrl3"} {
		f, err := os.Open(filepath.Join("testdata", "bench", dir, "referrals.csv"))
		if err != nil {
			tb.Fatalf("open bench referrals: %v", err)
		}
		refs, err := ReadBenchReferrals(f)
		f.Close()
		if err != nil {
			tb.Fatal(err)
		}
		for _, r := range refs {
			addTo(&p.first, r.FirstName)
			addTo(&p.last, r.LastName)
			addTo(&p.city, r.City)
			addTo(&p.state, r.State)
			for _, w := range strings.Fields(r.Street) {
				if len(w) > 3 && !isNumber(w) {
					addTo(&p.street, w)
				}
			}
			if i := strings.LastIndexByte(r.Email, '@'); i > 0 {
				addTo(&p.domain, r.Email[i+1:])
			}
		}
	}
	return p
}

func pick(r *rand.Rand, s []string) string { return s[r.IntN(len(s))] }

// person makes one synthetic referral.
func (p pools) person(r *rand.Rand, id int) Referral {
	first, last := pick(r, p.first), pick(r, p.last)
	x := Referral{ID: fmt.Sprintf("R%07d", id), FirstName: first, LastName: last, City: pick(r, p.city)}
	if r.IntN(10) < 6 {
		x.Email = fmt.Sprintf("%c%s%d@%s", first[0], last, r.IntN(100), pick(r, p.domain))
	}
	if r.IntN(10) < 5 {
		x.Street = fmt.Sprintf("%d %s %s", 1+r.IntN(200), pick(r, p.street), pick(r, []string{"street", "road", "place", "crescent"}))
		x.PostalCode = fmt.Sprintf("%04d", 2000+r.IntN(7000))
		x.State = pick(r, p.state)
	}
	if r.IntN(10) < 3 {
		x.Phone = fmt.Sprintf("0%d", 200000000+r.IntN(700000000))
	}
	return x
}

// typo changes one letter of s.
func typo(r *rand.Rand, s string) string {
	if len(s) < 3 {
		return s
	}
	b := []byte(s)
	i := r.IntN(len(b) - 1)
	switch r.IntN(3) {
	case 0:
		b[i], b[i+1] = b[i+1], b[i]
	case 1:
		b[i] = byte('a' + r.IntN(26))
	default:
		b = append(b[:i], b[i+1:]...)
	}
	return string(b)
}

// entryOf makes a perturbed sales entry about referral x.
func entryOf(r *rand.Rand, x Referral) SalesEntry {
	e := SalesEntry{FirstName: x.FirstName, LastName: x.LastName, Email: x.Email, Phone: x.Phone,
		Street: x.Street, City: x.City, State: x.State, PostalCode: x.PostalCode}
	for _, f := range []*string{&e.FirstName, &e.LastName, &e.Email, &e.City, &e.Street} {
		switch r.IntN(6) {
		case 0:
			*f = typo(r, *f)
		case 1:
			*f = ""
		}
	}
	if r.IntN(10) == 0 {
		e.FirstName, e.LastName = e.LastName, e.FirstName
	}
	return e
}

// synth makes n referrals and m entries, three quarters about a referral.
func synth(tb testing.TB, n, m int) ([]Referral, []SalesEntry) {
	p := loadPools(tb)
	r := rand.New(rand.NewPCG(1, 2))
	refs := make([]Referral, n)
	for i := range refs {
		refs[i] = p.person(r, i)
	}
	entries := make([]SalesEntry, m)
	for i := range entries {
		if r.IntN(4) == 0 {
			entries[i] = entryOf(r, p.person(r, n+i))
		} else {
			entries[i] = entryOf(r, refs[r.IntN(n)])
		}
	}
	return refs, entries
}

package matching

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Generated business listings: the kinds of data the matching issue names
// (towers of tenants, hotels with outlets, chains with many branches,
// standalone shops), each business listed once as a referral and again, in
// other words, as CRM records. Names are made of invented syllables, so no
// test can lean on a word list of real businesses.

var syllables = strings.Fields("ka lo mi der ta no vel ri sa pen do lu mar ek zo bri tan co ra fi gel hu os ne")

// coined makes a distinctive invented word of two or three syllables, none
// made twice by one generator (seen).
func coined(r *rand.Rand, seen map[string]bool) string {
	for {
		var b strings.Builder
		for range 2 + r.IntN(2) {
			b.WriteString(syllables[r.IntN(len(syllables))])
		}
		if s := b.String(); !seen[s] && !nearAny(s, seen) {
			seen[s] = true
			return strings.ToUpper(s[:1]) + s[1:]
		}
	}
}

// bizSite is one business at one address.
type bizSite struct {
	entity, name, number, street, city, zip, phone string
}

var bizKinds = []string{"Restaurant", "Bar & Grill", "Cafe", "Consulting Group", "Consulting", "Group", "Lanes", "Salon", "Dental", "Bakery"}
var bizStreets = []string{"Main Street", "2nd Avenue", "Smithfield Street", "Liberty Avenue", "Penn Avenue", "Forbes Avenue", "Grant Street", "Wood Street"}

func phoneOf(r *rand.Rand) string {
	return fmt.Sprintf("412 %03d %04d", 200+r.IntN(700), r.IntN(10000))
}

// bizCity makes the sites of one city: towers of tenants sharing a street
// address (and some a switchboard), hotels with four outlets, a chain with
// fourteen branches and standalone businesses.
func bizCity(r *rand.Rand) []bizSite {
	var out []bizSite
	seen := map[string]bool{}
	add := func(s bizSite) { s.entity = fmt.Sprintf("B%04d", len(out)); out = append(out, s) }
	addr := func() (string, string, string) {
		return fmt.Sprint(1 + r.IntN(900)), bizStreets[r.IntN(len(bizStreets))], fmt.Sprintf("152%02d", r.IntN(40))
	}
	for range 4 { // towers
		num, st, zip := addr()
		board := phoneOf(r)
		for range 12 + r.IntN(8) {
			ph := board
			if r.IntN(2) == 0 {
				ph = phoneOf(r)
			}
			add(bizSite{name: coined(r, seen) + " " + []string{"Group", "Consulting", "Consulting Group"}[r.IntN(3)], number: num, street: st, city: "Pittsburgh", zip: zip, phone: ph})
		}
	}
	for range 3 { // hotels and their outlets
		num, st, zip := addr()
		board, hotel := phoneOf(r), coined(r, seen)+" Grand Hotel"
		add(bizSite{name: hotel, number: num, street: st, city: "Pittsburgh", zip: zip, phone: board})
		for _, o := range []string{"Restaurant", "Bar", "Spa", "Gift Shop"} {
			add(bizSite{name: hotel + " " + o, number: num, street: st, city: "Pittsburgh", zip: zip, phone: board})
		}
	}
	chain := coined(r, seen)
	for range 14 {
		num, st, zip := addr()
		add(bizSite{name: chain, number: num, street: st, city: "Pittsburgh", zip: zip, phone: phoneOf(r)})
	}
	for range 120 {
		num, st, zip := addr()
		add(bizSite{name: coined(r, seen) + " " + bizKinds[r.IntN(len(bizKinds))], number: num, street: st, city: "Pittsburgh", zip: zip, phone: phoneOf(r)})
	}
	return out
}

// listing writes a site as one source would: case, legal form, punctuation,
// word order, a trailing place, street forms, a missing or mistyped field.
func listing(r *rand.Rand, s bizSite) Referral {
	name := s.name
	switch r.IntN(6) {
	case 0:
		name = strings.ToUpper(name)
	case 1:
		name += ", Inc."
	case 2:
		name += ", " + strings.ToUpper(s.city)
	case 3:
		name = strings.ReplaceAll(name, "&", "and")
	}
	street := s.number + " " + s.street
	switch r.IntN(5) {
	case 0:
		street = strings.NewReplacer("Street", "St.", "Avenue", "Ave.", "2nd", "second").Replace(street)
	case 1:
		street += " at 10th St."
	case 2:
		street += " between 15th and 16th Sts."
	}
	if r.IntN(8) == 0 {
		w := strings.Fields(name)
		w[0] = typo(r, w[0])
		name = strings.Join(w, " ")
	}
	x := Referral{Company: name, Street: street, City: s.city, PostalCode: s.zip, Phone: s.phone}
	if r.IntN(6) == 0 {
		x.Street, x.PostalCode = "", ""
	}
	if r.IntN(4) == 0 {
		x.PostalCode = ""
	}
	if r.IntN(5) == 0 {
		x.Phone = ""
	}
	if r.IntN(8) == 0 {
		x.City = "Pittsburgh City"
	}
	return x
}

// bizBench makes a labelled business set: a quarter of the sites never
// referred, the others referred once, every site listed one to three times.
func bizBench(seed uint64) ([]LabeledReferral, []LabeledEntry) {
	r := rand.New(rand.NewPCG(seed, 77))
	var refs []LabeledReferral
	var ents []LabeledEntry
	for _, s := range bizCity(r) {
		if r.IntN(4) != 0 {
			x := listing(r, s)
			x.ID = fmt.Sprintf("R%05d", len(refs)+1)
			refs = append(refs, LabeledReferral{Referral: x, Entity: s.entity})
		}
		for range 1 + r.IntN(3) {
			x := listing(r, s)
			ents = append(ents, LabeledEntry{ID: fmt.Sprintf("E%05d", len(ents)+1), Entity: s.entity, SalesEntry: SalesEntry{
				Company: x.Company, Street: x.Street, City: x.City, PostalCode: x.PostalCode, Phone: x.Phone}})
		}
	}
	r.Shuffle(len(ents), func(i, j int) { ents[i], ents[j] = ents[j], ents[i] })
	return refs, ents
}

// nearAny reports whether s is a typo away from a word in seen: two
// businesses of the generator are told apart by their names.
func nearAny(s string, seen map[string]bool) bool {
	for w := range seen {
		if JaroWinkler(s, w) >= 0.85 || sameWord(s, w) {
			return true
		}
	}
	return false
}

package sfemu

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Person is one real-world person the generator invents; the CRM records
// made from it (by Populate) carry the variations real CRM data has.
type Person struct {
	FirstName, LastName, Email, Phone string
	Company, City, State, PostalCode  string
	ReferralID                        string // "R-000123"; some CRM records carry it in Referral_ID__c
	// Filled by Populate: the records that represent this person ("" if none).
	LeadID, ContactID, AccountID, OpportunityID string
	Converted                                   bool // the lead was converted
	TaggedReferralID                            bool // a record carries ReferralID in Referral_ID__c
}

var (
	firstNames = []string{"William", "Robert", "Elizabeth", "Katherine", "Michael", "James", "Jennifer", "Christopher", "Daniel",
		"Margaret", "Richard", "Thomas", "Joseph", "Anthony", "Patricia", "Stephen", "Alexander", "Samantha", "Benjamin",
		"Nicholas", "Olivia", "Sophia", "Liam", "Noah", "Emma", "Ava", "Mia", "Lucas", "Chloe", "Zoe", "Priya", "Wei", "José",
		"Fatima", "Mohammed", "Aoife", "Søren", "Chiara", "Mateo", "Yuki"}
	nicknames = map[string]string{"William": "Bill", "Robert": "Bob", "Elizabeth": "Liz", "Katherine": "Kate", "Michael": "Mike",
		"James": "Jim", "Jennifer": "Jen", "Christopher": "Chris", "Daniel": "Dan", "Margaret": "Peggy", "Richard": "Rick",
		"Thomas": "Tom", "Joseph": "Joe", "Anthony": "Tony", "Patricia": "Pat", "Stephen": "Steve", "Alexander": "Alex",
		"Samantha": "Sam", "Benjamin": "Ben", "Nicholas": "Nick"}
	lastNames = []string{"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
		"Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Thompson",
		"White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "O'Brien", "McDonald",
		"Van der Berg", "Nguyen", "Patel", "Kowalski", "Müller", "Rossi", "Tanaka", "Okafor"}
	companyWords = []string{"Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay", "Soylent",
		"Cyberdyne", "Tyrell", "Wonka", "Gringotts", "Pied Piper", "Dunder Mifflin", "Blue Sky", "Northwind", "Contoso",
		"Fabrikam", "Litware", "Bluth", "Sterling Cooper", "Prestige", "Oceanic", "Massive Dynamic"}
	companySuffixes = []string{"", " Inc", " Inc.", ", Inc.", " LLC", " Ltd", " Ltd.", " Corp.", " Corporation", " GmbH", " Co.", " Group"}
	cities          = []struct{ city, state, zip, area string }{{"San Francisco", "CA", "94105", "415"}, {"Austin", "TX", "78701", "512"},
		{"New York", "NY", "10001", "212"}, {"Chicago", "IL", "60601", "312"}, {"Seattle", "WA", "98101", "206"},
		{"Boston", "MA", "02108", "617"}, {"Denver", "CO", "80202", "303"}, {"Atlanta", "GA", "30303", "404"}}
	freeMail = []string{"gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com"}
)

// Generate invents n people deterministically from seed.
func Generate(seed int64, n int) []Person {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x5f3759df))
	out := make([]Person, n)
	for i := range out {
		first, last := pick(rng, firstNames), pick(rng, lastNames)
		city := cities[rng.IntN(len(cities))]
		company := pick(rng, companyWords)
		local := strings.ToLower(asciiOnly(first) + "." + asciiOnly(last))
		domain := pick(rng, freeMail)
		if rng.IntN(2) == 0 {
			domain = strings.ToLower(asciiOnly(company)) + ".com"
		}
		out[i] = Person{FirstName: first, LastName: last, Email: local + "@" + domain,
			Phone:   fmt.Sprintf("+1%s555%04d", city.area, rng.IntN(10000)),
			Company: company, City: city.city, State: city.state, PostalCode: city.zip,
			ReferralID: fmt.Sprintf("R-%06d", i+1)}
	}
	return out
}

func pick(rng *rand.Rand, list []string) string { return list[rng.IntN(len(list))] }

func asciiOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		case r == 'é':
			b.WriteByte('e')
		case r == 'ü':
			b.WriteString("ue")
		case r == 'ø':
			b.WriteByte('o')
		}
	}
	return b.String()
}

// variant renders a person's values the way one CRM record would hold them.
type variant struct{ rng *rand.Rand }

func (v variant) chance(pct int) bool { return v.rng.IntN(100) < pct }

func (v variant) first(p Person) string {
	switch {
	case v.chance(3):
		return ""
	case v.chance(15) && nicknames[p.FirstName] != "":
		return nicknames[p.FirstName]
	case v.chance(5):
		return strings.ToLower(p.FirstName)
	case v.chance(3):
		return typo(v.rng, p.FirstName)
	}
	return p.FirstName
}

func (v variant) last(p Person) string {
	switch {
	case v.chance(8):
		return strings.ToUpper(p.LastName)
	case v.chance(3):
		return typo(v.rng, p.LastName)
	}
	return p.LastName
}

func (v variant) email(p Person) any {
	local, domain, _ := strings.Cut(p.Email, "@")
	switch {
	case v.chance(15):
		return nil
	case v.chance(10):
		return local + "+crm@" + domain
	case v.chance(10):
		return strings.ToUpper(local[:1]) + local[1:] + "@" + strings.ToUpper(domain[:1]) + domain[1:]
	case v.chance(5):
		return local + "@" + pick(v.rng, freeMail)
	}
	return p.Email
}

func (v variant) phone(p Person) any {
	d := p.Phone[2:] // 10 digits
	formats := []string{"(%s) %s-%s", "%s-%s-%s", "+1 %s %s %s", "%s%s%s", "%s.%s.%s", "+1%s%s%s", "1-%s-%s-%s"}
	if v.chance(20) {
		return nil
	}
	return fmt.Sprintf(pick(v.rng, formats), d[:3], d[3:6], d[6:])
}

func (v variant) company(p Person) string {
	c := p.Company + pick(v.rng, companySuffixes)
	if v.chance(10) {
		return strings.ToUpper(c)
	}
	return c
}

// typo swaps two adjacent letters.
func typo(rng *rand.Rand, s string) string {
	r := []rune(s)
	if len(r) < 3 {
		return s
	}
	i := 1 + rng.IntN(len(r)-2)
	r[i], r[i+1] = r[i+1], r[i]
	return string(r)
}

// reformatPhone writes the same digits another way (or a new number when
// the record had none).
func reformatPhone(v variant, old string, p Person) any {
	var d strings.Builder
	for _, r := range old {
		if r >= '0' && r <= '9' {
			d.WriteRune(r)
		}
	}
	digits := d.String()
	if len(digits) < 10 {
		return v.phone(p)
	}
	return v.phone(Person{Phone: "+1" + digits[len(digits)-10:]})
}

// renameCompany adds, drops or changes a legal suffix.
func renameCompany(v variant, old string) string {
	base := strings.TrimSpace(old)
	for _, s := range companySuffixes {
		if s != "" && strings.HasSuffix(base, s) {
			base = strings.TrimSuffix(base, s)
			break
		}
	}
	return v.company(Person{Company: base})
}

package matching

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// DefaultCountryCode is the calling code given to phone numbers written without one.
const DefaultCountryCode = "1"

// rec is a referral or an entry with every field normalised once.
type rec struct {
	first, last   string // normalised full given and family names
	email, local  string // normalised email and its local part
	badMail       string // letters and digits of an email too malformed to normalise
	domain        string
	phone         string
	company, acr  string
	dba           string   // trading name after "dba", if any
	coPlace       []string // words of the company name that name a place (see placeWords)
	website       string   // a web address's host, without www
	street        []string // street tokens, sorted
	streetCanon   []string // beside each street token its short form if it is a direction or street type, else ""
	streetJoined  string   // street letters and digits in their order, without spaces
	city, state   string
	postcode      string
	id, external  string
	salesforceIDs []string
}

// prepare normalises the matchable fields of a referral or an entry.
func prepare(first, last, email, phone, company, street, city, state, postcode, website string) rec {
	first, last, email, phone, company = clip(first), clip(last), clip(email), clip(phone), clip(company)
	street, city, state, postcode = clip(street), clip(city), clip(state), clip(postcode)
	site := WebsiteHost(clip(website))
	first, last, site = personName(first), personName(last), firstNonEmpty(site, webIn(first), webIn(last))
	r := rec{website: site,
		first: NormalizeName(first), last: NormalizeName(last),
		email: NormalizeEmail(email), phone: NormalizePhone(phone, DefaultCountryCode),
		company: NormalizeCompany(company), city: normalizeCity(city),
		state: NormalizeText(state), postcode: strings.ReplaceAll(NormalizeText(postcode), " ", ""),
	}
	if i := strings.LastIndexByte(r.email, '@'); i > 0 {
		r.local, r.domain = r.email[:i], r.email[i+1:]
	} else if a := alnum(strings.ToLower(email)); len(a) >= minBadMail {
		r.badMail = a
	}
	r.company, r.dba = splitDBA(r.company)
	r.coPlace = placeWords(company)
	r.acr = CompanyAcronym(r.company)
	if toks := streetTokens(street); len(toks) > 0 {
		r.streetJoined = strings.Join(toks, "")
		r.street = toks
		sort.Strings(r.street)
		r.streetCanon = make([]string, len(r.street))
		for i, t := range r.street {
			r.streetCanon[i] = streetWord(t)
		}
	}
	return r
}

// streetWords spell directions and street types one way, so "2507 North
// Greenview Avenue" and "2507 N Greenview Ave" have the same words (see tokenIn).
var streetWords = map[string]string{
	"north": "n", "south": "s", "east": "e", "west": "w", "avenue": "ave", "av": "ave", "street": "st", "str": "st",
	"road": "rd", "boulevard": "blvd", "drive": "dr", "place": "pl", "court": "ct", "lane": "ln", "square": "sq",
	"parkway": "pkwy", "highway": "hwy", "terrace": "tce", "crescent": "cres", "circle": "cir", "suite": "ste",
}

// streetShort are the short forms streetWords spell.
var streetShort = func() map[string]bool {
	m := map[string]bool{}
	for _, v := range streetWords {
		m[v] = true
	}
	return m
}()

// maxField is the longest field value compared; longer CRM values are cut so
// that one odd record cannot make comparisons slow (they are quadratic).
const maxField = 200

// clip cuts s to maxField bytes at a character boundary.
func clip(s string) string {
	if len(s) <= maxField {
		return s
	}
	i := maxField
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}

func prepareReferral(x Referral) rec {
	r := prepare(x.FirstName, x.LastName, x.Email, x.Phone, x.Company, x.Street, x.City, x.State, x.PostalCode, x.Website)
	r.id, r.external = x.ID, strings.TrimSpace(x.ExternalID)
	r.salesforceIDs = append([]string(nil), x.SalesforceIDs...)
	return r
}

func prepareEntry(x SalesEntry) rec {
	return prepare(x.FirstName, x.LastName, x.Email, x.Phone, x.Company, x.Street, x.City, x.State, x.PostalCode, x.Website)
}

// nameTokens returns the tokens of both names, given name first.
func (r *rec) nameTokens() (first, last []string) {
	return strings.Fields(r.first), strings.Fields(r.last)
}

// sortedLetters spells a word's letters in order, so a transposed typo keeps its key.
func sortedLetters(s string) string {
	b := []byte(s)
	slices.Sort(b)
	return string(b)
}

// keyKind tells blocking keys apart and weighs a shared key when ranking candidates.
type keyKind byte

const (
	kEmail keyKind = iota + 'a'
	kLocal
	kLocalPrefix
	kPhone
	kToken
	kSoundex
	kLetters
	kNick
	kNamePair
	kCompany
	kCompanyToken
	kPostcode
	kStreet
	kCity
	kNamePrefix // a name's first letters, stored for a referral's names
	kMailPrefix // a name's first letters, stored for a referral's email
	kAddress    // postal code with a house number
	kWebsite
	kDeletion   // a name with one letter left out (and the name itself): one edit apart shares a key
	kTownNumber // town with a house number: weak, a big town holds many of each number
	kNameTown   // one name with the town: the other name mistyped or missing still finds the person
)

// keyWeight is how much sharing a key of each kind says when ranking candidates.
var keyWeight = [...]uint16{
	kEmail - 'a': 16, kLocal - 'a': 8, kLocalPrefix - 'a': 3, kPhone - 'a': 16, kToken - 'a': 3, kSoundex - 'a': 2,
	kLetters - 'a': 2, kNick - 'a': 2, kNamePair - 'a': 4, kCompany - 'a': 4, kCompanyToken - 'a': 2,
	kPostcode - 'a': 3, kStreet - 'a': 3, kCity - 'a': 1, kNamePrefix - 'a': 2, kMailPrefix - 'a': 2, kAddress - 'a': 6,
	kWebsite - 'a': 8, kDeletion - 'a': 2, kTownNumber - 'a': 4, kNameTown - 'a': 4,
}

// blockKey is one hashed blocking key.
type blockKey struct {
	hash uint64
	kind keyKind
}

// keys returns the blocking keys a referral r is stored under.
func (r *rec) keys() []blockKey { return r.keysFor(false) }

// queryKeys returns the blocking keys an entry r looks up: the same as keys,
// except that its names look for referrals' emails and its email for
// referrals' names.
func (r *rec) queryKeys() []blockKey { return r.keysFor(true) }

func (r *rec) keysFor(query bool) []blockKey {
	ks := make([]blockKey, 0, 40)
	add := func(k keyKind, v string) {
		if v != "" {
			ks = append(ks, blockKey{hashKey(k, v), k})
		}
	}
	add(kEmail, r.email)
	if len(r.local) >= 3 {
		add(kLocal, r.local)
	}
	if a := alnum(r.local); len(a) >= 4 {
		add(kLocalPrefix, a[:4])
	}
	if a := alnum(r.domain); len(a) >= 6 {
		add(kLocalPrefix, "@"+a[:4])
	}
	if label, _, _ := strings.Cut(r.domain, "."); len(label) >= 6 {
		add(kLocalPrefix, "#"+sortedLetters(label)) // a transposed domain keeps its key
	}
	if len(r.badMail) >= 4 {
		add(kLocalPrefix, r.badMail[:4])
	}
	if len(r.phone) >= 7 {
		add(kPhone, r.phone[max(0, len(r.phone)-9):])
	}
	fs, ls := r.nameTokens()
	for _, t := range append(fs, ls...) {
		if len(t) < 2 {
			continue
		}
		add(kToken, t)
		add(kSoundex, Soundex(t))
		add(kLetters, sortedLetters(t))
		deletionKeys(t, func(v string) { add(kDeletion, v) })
		for _, g := range nickKeys(t) {
			add(kNick, string(rune(g+1)))
		}
	}
	if r.city != "" && r.company == "" {
		for _, t := range append(fs, ls...) {
			if len(t) >= 2 {
				add(kNameTown, t+" "+r.city)
			}
		}
	}
	if len(fs) > 0 && len(ls) > 0 {
		a, b := Soundex(fs[0]), Soundex(ls[len(ls)-1])
		if a > b {
			a, b = b, a
		}
		add(kNamePair, a+b)
	}
	add(kCompany, r.company)
	add(kCompany, r.acr)
	add(kCompany, r.dba)
	add(kWebsite, r.website)
	for _, t := range strings.Fields(r.company + " " + r.dba) {
		if len(t) >= 3 && t != "and" {
			add(kCompanyToken, t)
		}
		if len(t) >= 4 && !genericWords[t] && !isNumber(t) {
			deletionKeys(t, func(v string) { add(kDeletion, "@"+v) }) // a company word a typo away finds its referral
		}
	}
	add(kPostcode, r.postcode)
	for _, t := range r.street {
		if !isNumber(t) {
			continue
		}
		// the house number in the postal code, or in the town: either
		// finds an address whose street name is misspelt
		if r.postcode != "" {
			add(kAddress, r.postcode+" "+t)
		}
		if r.city != "" {
			add(kTownNumber, r.city+" "+t)
		}
	}
	for _, t := range r.street {
		if len(t) >= 4 {
			add(kStreet, t)
		}
	}
	add(kCity, r.city)
	nk, mk := kNamePrefix, kMailPrefix
	if query {
		nk, mk = mk, nk
	}
	prefix := func(k keyKind, w string) {
		if len(w) < 4 {
			return
		}
		h := hashKey(k, w[:4])
		for _, x := range ks {
			if x.hash == h {
				return
			}
		}
		ks = append(ks, blockKey{h, k})
	}
	for _, t := range fs {
		prefix(nk, t)
	}
	for _, t := range ls {
		prefix(nk, t)
	}
	eachLetterRun(r.local, func(run string) { prefix(mk, run) })
	return ks
}

// deletionKeys calls f with a name of four to eight letters and each
// spelling of it with one letter left out ("joes" is one of "jones"'s, so
// Joes finds Jones; Lonan finds Logan through "loan"). The index counts
// these keys once per referral, however many are shared.
func deletionKeys(t string, f func(string)) {
	if len(t) < 4 || len(t) > 8 {
		return
	}
	f(t)
	var buf [8]byte
	for i := 0; i < len(t); i++ {
		if i > 0 && t[i] == t[i-1] {
			continue // leaving out either of a double letter spells the same
		}
		n := copy(buf[:], t[:i])
		n += copy(buf[n:], t[i+1:])
		f(string(buf[:n]))
	}
}

// eachLetterRun calls f with each run of letters in s: the first four letters
// of a name token and of each run in an email's local part are keys, so that
// a name finds an address that spells it ("Lily Robinson" and
// lily.robinson73@…) in either direction.
func eachLetterRun(s string, f func(string)) {
	start := -1
	for i := 0; i <= len(s); i++ {
		letter := i < len(s) && s[i] >= 'a' && s[i] <= 'z'
		switch {
		case letter && start < 0:
			start = i
		case !letter && start >= 0:
			f(s[start:i])
			start = -1
		}
	}
}

// hashKey is FNV-1a over the kind and the value.
func hashKey(k keyKind, v string) uint64 {
	h := uint64(14695981039346656037)
	h ^= uint64(k)
	h *= 1099511628211
	for i := 0; i < len(v); i++ {
		h ^= uint64(v[i])
		h *= 1099511628211
	}
	return h
}

// normalizeCity normalises a city name; a trailing "city" of a longer name
// is left out ("New York City" is New York).
func normalizeCity(s string) string {
	c := NormalizeText(s)
	if t := strings.TrimSuffix(c, " city"); t != c && t != "" {
		return t
	}
	return c
}

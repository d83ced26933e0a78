package matching

import "strings"

// Field comparisons of the contact and place fields: website, phone, city,
// state and postal code, each a weight in bits and a reason (see fieldCmp).

// cmpWebsite compares web addresses: one website is one organisation.
func (ix *Index) cmpWebsite(e, r *rec) fieldCmp {
	if e.website == "" || r.website == "" {
		return fieldCmp{}
	}
	if e.website == r.website {
		return fieldCmp{field: "website", sim: 1, weight: wWebsiteSame - ix.tfAdjust(kWebsite, e.website, 1, 5),
			reason: "same website: the same organisation", same: true}
	}
	return fieldCmp{field: "website", sim: EditSimilarity(e.website, r.website), weight: wWebsiteDiffer, reason: "another website"}
}

func cmpPhone(e, r *rec) fieldCmp {
	if e.phone == "" || r.phone == "" {
		return fieldCmp{}
	}
	f := fieldCmp{field: "phone", sim: EditSimilarity(e.phone, r.phone)}
	switch {
	case e.phone == r.phone:
		f.weight, f.reason = wPhoneSame, "same phone number"
	case len(e.phone) >= 7 && len(r.phone) >= 7 && e.phone[len(e.phone)-7:] == r.phone[len(r.phone)-7:]:
		f.weight, f.reason = wPhoneLocal, "same last seven digits of the phone number"
	case len(e.phone) == len(r.phone) && (editDistance(e.phone, r.phone) == 1 || isTransposition(e.phone, r.phone)):
		f.weight, f.reason = wPhoneTypo, "phone numbers one digit apart: probably a typo"
	default:
		f.weight, f.reason = wPhoneDiffer, "different phone number"
	}
	return f
}

// sharesToken reports whether two normalised strings share a word of 3+ letters other than "and".
func sharesToken(a, b string) bool {
	for _, x := range strings.Fields(a) {
		if len(x) < 3 || x == "and" {
			continue
		}
		for _, y := range strings.Fields(b) {
			if x == y {
				return true
			}
		}
	}
	return false
}

func (ix *Index) cmpCity(e, r *rec) fieldCmp {
	if e.city == "" || r.city == "" {
		return fieldCmp{}
	}
	f := fieldCmp{field: "city", sim: JaroWinkler(e.city, r.city)}
	switch {
	case e.city == r.city:
		f.weight, f.reason = wCitySame-ix.tfAdjust(kCity, e.city, 0.25, 1.5), "same city"
	case isTypo(e.city, r.city, f.sim) || sameButSpaces(e.city, r.city):
		f.weight, f.reason = wCityTypo, "city names differ by a typo"
	default:
		f.weight, f.reason = wCityDiffer, "different city"
	}
	return f
}

func cmpState(e, r *rec) fieldCmp {
	if e.state == "" || r.state == "" {
		return fieldCmp{}
	}
	if e.state == r.state {
		return fieldCmp{field: "state", sim: 1, weight: wStateSame, reason: "same state", same: true}
	}
	return fieldCmp{field: "state", sim: 0, weight: wStateDiffer, reason: "different state"}
}

func (ix *Index) cmpPostcode(e, r *rec) fieldCmp {
	if e.postcode == "" || r.postcode == "" {
		return fieldCmp{}
	}
	f := fieldCmp{field: "postal_code", sim: EditSimilarity(e.postcode, r.postcode)}
	switch {
	case e.postcode == r.postcode:
		f.weight, f.reason = wPostSame-ix.tfAdjust(kPostcode, e.postcode, 1, 4.5), "same postal code"
	case editDistance(e.postcode, r.postcode) <= 1 || isTransposition(e.postcode, r.postcode):
		f.weight, f.reason = wPostTypo, "postal codes differ by one character"
	default:
		f.weight, f.reason = wPostDiffer, "different postal code"
	}
	return f
}

// isTransposition reports whether a and b differ only by two swapped neighbours.
func isTransposition(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
}

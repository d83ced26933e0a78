package matching

import "strings"

// Street weights: only the house number and the street's name together are
// an address; half of one (a house number alone, a street without a number)
// is scored a little, never taken for the address.
const (
	wStreetSame   = 7.0
	wStreetMost   = 4.0
	wStreetSome   = 1.0
	wStreetNumber = 0.5
	wStreetDiffer = -3.0
)

// ordinals spell street ordinals as numbers: "second ave" is "2nd ave".
var ordinals = map[string]string{
	"first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th", "sixth": "6th",
	"seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th", "eleventh": "11th", "twelfth": "12th",
}

// crossWords start a tail naming cross streets ("at 10th st", "between 15th
// and 16th sts", "near", "off"): where the place is, not its address.
var crossWords = map[string]bool{"at": true, "between": true, "btwn": true, "betw": true, "bet": true,
	"near": true, "nr": true, "off": true, "corner": true, "cnr": true}

// streetTokens normalises a street address: ordinals as numbers, a cross-street tail cut off.
func streetTokens(s string) []string {
	toks := strings.Fields(NormalizeText(s))
	for i, t := range toks {
		if i >= 2 && crossWords[t] {
			toks = toks[:i]
			break
		}
		if o, ok := ordinals[t]; ok {
			toks[i] = o
		}
	}
	return toks
}

// addressParts splits sorted street tokens into house numbers and the words
// of the street's name (directions and street types left out).
func addressParts(ts, canon []string) (nums, words []string) {
	for i, t := range ts {
		switch {
		case isNumber(t):
			nums = append(nums, t)
		case canon[i] == "":
			words = append(words, t)
		}
	}
	return nums, words
}

// cmpStreet compares street addresses: house numbers exactly, the street's
// name word by word (typos allowed), directions and street types by their
// short forms.
func cmpStreet(e, r *rec) fieldCmp {
	if len(e.street) == 0 || len(r.street) == 0 {
		return fieldCmp{}
	}
	na, wa := addressParts(e.street, e.streetCanon)
	nb, wb := addressParts(r.street, r.streetCanon)
	f := fieldCmp{field: "street", sim: streetSim(e, r)}
	numSame := shareAny(na, nb)
	numOther := len(na) > 0 && len(nb) > 0 && !numSame
	matched, all := nameWordsAgree(wa, wb)
	switch {
	case sameSpelling(e.streetJoined, r.streetJoined) && !numOther:
		f.weight, f.reason = wStreetSame, "same street address, spaced differently"
	case numSame && all && f.sim >= 0.6:
		f.weight, f.reason = wStreetSame, "same street address"
	case numSame && matched:
		f.weight, f.reason = wStreetMost, "same house number, street names mostly agree"
	case numSame:
		f.weight, f.reason = wStreetNumber, "only the house number agrees: half an address"
	case numOther && all && (e.company == "" || r.company == ""):
		f.weight, f.reason = wStreetMost, "same street"+reasonOtherNumber // a person's typo, or a move along the street
	case numOther && all:
		f.weight, f.reason = wStreetDiffer, "another building on the same street"+reasonOtherNumber
	case numOther:
		f.weight, f.reason = wStreetDiffer, "different street address"+reasonOtherNumber
	case all:
		f.weight, f.reason = wStreetSome, "same street, no house number on one side: half an address"
	case matched:
		f.weight, f.reason = wStreetNumber, "street names share a word, no house number on one side"
	default:
		f.weight, f.reason = wStreetDiffer, "different street address"
	}
	return f
}

// streetSim is the share of street tokens the two addresses share.
func streetSim(e, r *rec) float64 {
	matched := 0
	for i, x := range e.street {
		if tokenIn(x, r.street) || sameStreetWord(e.streetCanon[i], r.streetCanon) {
			matched++
		}
	}
	return 2 * float64(min(matched, len(r.street))) / float64(len(e.street)+len(r.street))
}

// shareAny reports whether a and b have an element in common.
func shareAny(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// nameWordsAgree reports whether some words of two street names agree, and
// whether all words of the shorter one do.
func nameWordsAgree(a, b []string) (some, all bool) {
	if len(a) == 0 || len(b) == 0 {
		return false, false
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	n := 0
	for _, x := range a {
		if tokenIn(x, b) {
			n++
		}
	}
	return n > 0, n == len(a)
}

// reasonOtherNumber ends a street reason whose house numbers differ: people
// data has typos there and is scored, but beside an organisation's name or
// phone another number is another building.
const reasonOtherNumber = ", another house number"

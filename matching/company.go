package matching

import "strings"

// legalSuffix are company-form words that do not tell two companies apart.
var legalSuffix = map[string]bool{
	"inc": true, "incorporated": true, "llc": true, "ltd": true, "limited": true,
	"gmbh": true, "corp": true, "corporation": true, "co": true, "company": true,
	"plc": true, "llp": true, "lp": true, "ag": true, "sa": true, "sas": true, "sarl": true,
	"bv": true, "nv": true, "srl": true, "pty": true, "oy": true, "ab": true,
	"as": true, "kg": true, "the": true,
}

// italianSpA removes the Italian legal form as it is written (a "Spa" is a business).
var italianSpA = strings.NewReplacer("S.p.A.", " ", "S.p.A", " ", "SpA", " ", "S.P.A.", " ")

// placeholderCompany are what a required Company field holds when there is
// no company: Salesforce's web-to-lead writes "[not provided]", people type
// "n/a", "none" or "individual". Two of them agree on nothing.
var placeholderCompany = map[string]bool{
	"not provided": true, "n a": true, "na": true, "none": true, "unknown": true, "null": true, "not applicable": true,
	"no company": true, "individual": true, "self": true, "self employed": true, "private": true, "private person": true,
}

// dbaWords introduce a trading name: "Acme Holdings dba Rocket Coffee".
var dbaWords = []string{" dba ", " d b a ", " doing business as ", " trading as ", " t a ", " aka "}

// NormalizeCompany normalises a company name: NormalizeText, & spelled "and",
// legal forms (Inc, LLC, Ltd, GmbH, Corp, Co, …) and a leading "the" removed,
// and spelled-out acronyms joined ("I.B.M." → "ibm").
func NormalizeCompany(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	s = italianSpA.Replace(s) // "S.p.A." is a legal form, a "Spa" is a business
	s = strings.ReplaceAll(s, "&", " and ")
	s = strings.ReplaceAll(s, "+", " and ")
	s = strings.ReplaceAll(s, "/", " ")
	toks := strings.Fields(NormalizeText(s))
	if placeholderCompany[strings.Join(toks, " ")] {
		return ""
	}
	toks = joinLetters(toks)
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if !legalSuffix[t] {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		out = toks
	}
	return strings.Join(out, " ")
}

// splitDBA splits a normalised company name at "dba" (or "trading as"):
// the legal name and the trading name; trade is "" when there is none.
func splitDBA(norm string) (legal, trade string) {
	padded := " " + norm + " "
	for _, w := range dbaWords {
		if i := strings.Index(padded, w); i >= 0 {
			return strings.TrimSpace(padded[:i]), strings.TrimSpace(padded[i+len(w):])
		}
	}
	return norm, ""
}

// joinLetters joins runs of single letters: ["i","b","m","corp"] → ["ibm","corp"].
func joinLetters(toks []string) []string {
	out := make([]string, 0, len(toks))
	var run []byte
	for _, t := range toks {
		if len(t) == 1 && t[0] >= 'a' && t[0] <= 'z' {
			run = append(run, t[0])
			continue
		}
		if len(run) > 0 {
			out = append(out, string(run))
			run = run[:0]
		}
		out = append(out, t)
	}
	if len(run) > 0 {
		out = append(out, string(run))
	}
	return out
}

// CompanyAcronym returns the initials of a normalised company name of two or
// more words, without "and"/"of": "international business machines" → "ibm".
func CompanyAcronym(norm string) string {
	toks := strings.Fields(norm)
	if len(toks) < 2 {
		return ""
	}
	var b strings.Builder
	for _, t := range toks {
		if t == "and" || t == "of" {
			continue
		}
		b.WriteByte(t[0])
	}
	if b.Len() < 2 {
		return ""
	}
	return b.String()
}

package matching

import "testing"

func TestNormalizeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  José  GARCÍA ", "jose garcia"},
		{"O'Brien", "obrien"},
		{"Smith-Jones", "smith jones"},
		{"Zoë\tÅström", "zoe astrom"},
		{"Ma\u0301rta", "marta"}, // combining accent
		{"Straße", "strasse"},
		{"...", ""},
		{"Newcastle-upon-Tyne", "newcastle upon tyne"},
	}
	for _, tt := range tests {
		if got := NormalizeText(tt.in); got != tt.want {
			t.Errorf("NormalizeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Dr. Robert Smith Jr.", "robert smith"},
		{"MRS Éléonore", "eleonore"},
		{"Mr", "mr"}, // nothing but a title: keep it rather than nothing
		{"d'Artagnan", "dartagnan"},
	}
	for _, tt := range tests {
		if got := NormalizeName(tt.in); got != tt.want {
			t.Errorf("NormalizeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	tests := []struct{ in, want string }{
		{" John.Smith@Example.COM ", "john.smith@example.com"},
		{"john.smith+crm@example.com", "john.smith@example.com"},
		{"J.O.H.N+x@GoogleMail.com", "john@gmail.com"},
		{"j.o.h.n@gmail.com", "john@gmail.com"},
		{"<anna@example.org>", "anna@example.org"},
		{"not an email", ""},
		{"@example.com", ""},
		{"anna@", ""},
		{"+tag@example.com", ""},
	}
	for _, tt := range tests {
		if got := NormalizeEmail(tt.in); got != tt.want {
			t.Errorf("NormalizeEmail(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	tests := []struct{ in, cc, want string }{
		{"(415) 555-0132", "1", "14155550132"},
		{"+1 415 555 0132", "1", "14155550132"},
		{"1-415-555-0132", "1", "14155550132"},
		{"+44 20 7946 0958", "1", "442079460958"},
		{"0044 20 7946 0958", "1", "442079460958"},
		{"020 7946 0958", "44", "442079460958"},
		{"415.555.0132 ext. 12", "1", "14155550132"},
		{"415-555-0132 x12", "1", "14155550132"},
		{"12", "1", ""},
		{"", "1", ""},
	}
	for _, tt := range tests {
		if got := NormalizePhone(tt.in, tt.cc); got != tt.want {
			t.Errorf("NormalizePhone(%q, %q) = %q, want %q", tt.in, tt.cc, got, tt.want)
		}
	}
}

func TestNormalizeCompany(t *testing.T) {
	tests := []struct{ in, want, acr string }{
		{"Acme, Inc.", "acme", ""},
		{"ACME Corporation", "acme", ""},
		{"Johnson & Johnson", "johnson and johnson", "jj"},
		{"I.B.M. Corp", "ibm", ""},
		{"International Business Machines", "international business machines", "ibm"},
		{"Müller GmbH", "muller", ""},
		{"The Widget Co Ltd", "widget", ""},
		{"LLC", "llc", ""}, // only a legal form: keep it
	}
	for _, tt := range tests {
		got := NormalizeCompany(tt.in)
		if got != tt.want {
			t.Errorf("NormalizeCompany(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if acr := CompanyAcronym(got); acr != tt.acr {
			t.Errorf("CompanyAcronym(%q) = %q, want %q", got, acr, tt.acr)
		}
	}
}

func TestSameGivenName(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"bob", "robert", true},
		{"liz", "elizabeth", true},
		{"robert", "robert", true},
		{"al", "alexander", true},
		{"al", "albert", true},
		{"albert", "alexander", false},
		{"bob", "william", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got := SameGivenName(tt.a, tt.b); got != tt.want {
			t.Errorf("SameGivenName(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestSimilarities(t *testing.T) {
	tests := []struct {
		a, b         string
		jwMin, jwMax float64
		soundexEq    bool
	}{
		{"martha", "marhta", 0.96, 0.962, true},
		{"dwayne", "duane", 0.84, 0.85, true},
		{"robert", "rupert", 0.79, 0.81, true},
		{"smith", "jones", 0, 0.5, false},
		{"", "x", 0, 0, false},
	}
	for _, tt := range tests {
		if jw := JaroWinkler(tt.a, tt.b); jw < tt.jwMin || jw > tt.jwMax {
			t.Errorf("JaroWinkler(%q, %q) = %.4f, want in [%v, %v]", tt.a, tt.b, jw, tt.jwMin, tt.jwMax)
		}
		if eq := Soundex(tt.a) == Soundex(tt.b); eq != tt.soundexEq {
			t.Errorf("Soundex(%q)=%q vs Soundex(%q)=%q: equal %v, want %v", tt.a, Soundex(tt.a), tt.b, Soundex(tt.b), eq, tt.soundexEq)
		}
	}
	if s := Soundex("Robert"); s != "r163" {
		t.Errorf("Soundex(Robert) = %q, want r163", s)
	}
	if s := Soundex("Ashcraft"); s != "a261" {
		t.Errorf("Soundex(Ashcraft) = %q, want a261", s)
	}
}

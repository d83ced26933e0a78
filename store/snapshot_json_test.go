package store

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// TestAppendSnapshotIsJSONMarshal: the snapshot encoder writes byte for byte
// what json.Marshal writes, for Salesforce's own record bodies and for values
// chosen to find the differences (escapes, invalid UTF-8, number forms).
func TestAppendSnapshotIsJSONMarshal(t *testing.T) {
	same := func(name string, m map[string]any) {
		t.Helper()
		want, err := json.Marshal(m)
		got, ok := appendSnapshot(nil, m)
		if (err == nil) != ok {
			t.Fatalf("%s: json.Marshal error %v, appendSnapshot ok %v", name, err, ok)
		}
		if ok && string(got) != string(want) {
			t.Fatalf("%s:\n got %s\nwant %s", name, got, want)
		}
	}
	strs := []string{"", "plain", `quote " and \ backslash`, "<b>&amp;</b>", "tab\tnew\nline\rcr", "\b\f\x00\x01\x1f\x7f",
		"Müller – café ☕", "\u2028\u2029", "bad \xff\xfe utf-8 \xe2\x82", "𞤀 emoji 😀", "ends with \\"}
	nums := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1000, 1e20, 1e21, 1.5e21, 123456789012345678, 1e-6, 9.99e-7, 1e-7,
		-2.5e-10, math.MaxFloat64, math.SmallestNonzeroFloat64, 3.14159265358979}
	m := map[string]any{"nil": nil, "t": true, "f": false, "list": []any{1.0, "a", nil, map[string]any{"k": "v"}},
		"nested": map[string]any{"attributes": map[string]any{"type": "Account"}, "Name": "Acme <&>"}, "int": 42, "number": json.Number("12.50")}
	for i, s := range strs {
		m["s"+string(rune('a'+i))] = s
		m[s] = i // strings as keys too
	}
	for i, f := range nums {
		m["n"+string(rune('a'+i))] = f
	}
	same("chosen values", m)
	same("empty", map[string]any{})
	same("NaN", map[string]any{"x": math.NaN()})
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		r := map[string]any{}
		for k := range 1 + rnd.IntN(8) {
			b := make([]byte, rnd.IntN(12))
			for j := range b {
				b[j] = byte(rnd.IntN(256))
			}
			switch k % 3 {
			case 0:
				r[string(b)] = string(b)
			case 1:
				r[string(b)] = math.Float64frombits(rnd.Uint64())
			default:
				r[string(b)] = rnd.NormFloat64() * math.Pow(10, float64(rnd.IntN(60)-30))
			}
		}
		same("random "+string(rune('0'+i%10)), r)
	}
	files, _ := filepath.Glob("../../shared/data/salesforce/*.json")
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if json.Unmarshal(body, &doc) == nil {
			same(filepath.Base(f), map[string]any{"body": doc})
		}
	}
	if len(files) == 0 {
		t.Log("no Salesforce bodies found at ../../shared/data/salesforce")
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "a<b", "\xff", "\u2028", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Fatalf("%q: got %s want %s", s, got, want)
		}
	})
}

// BenchmarkEncodeSnapshot encodes a received Opportunity's snapshot as the
// sync stores it (the json.Marshal sub-benchmark is what it replaced).
func BenchmarkEncodeSnapshot(b *testing.B) {
	m := map[string]any{"Account.Name": "Tyrell 42 Inc", "AccountId": "001000000000000042", "Amount": 1042.0,
		"Contact.Email": "person42@example.com", "Contact.FirstName": "Benjamin", "Contact.Id": "003000000000000042",
		"Contact.LastName": "Anderson42", "Contact.Phone": "+1 312 555 0142", "Id": "006000000000000042", "IsDeleted": false,
		"IsWon": true, "Referral_ID__c": nil, "StageName": "Closed Won", "CloseDate": "2026-12-31", "SystemModstamp": "2026-12-07T14:38:42.000+0000"}
	b.Run("appendSnapshot", func(b *testing.B) {
		for b.Loop() {
			_ = encodeSnapshot(m)
		}
	})
	b.Run("json.Marshal", func(b *testing.B) {
		for b.Loop() {
			out, _ := json.Marshal(m)
			_ = string(out)
		}
	})
}

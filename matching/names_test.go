package matching

import "testing"

func TestCmpFamily(t *testing.T) {
	ix := NewIndex()
	tests := []struct {
		a, b   string
		weight float64
		reason string
	}{
		{"allen", "alan", wFamilyNear, "last names sound alike"},
		{"smyth", "smith", wFamilyTypo, "last names differ by a typo"},
		{"lee", "li", wFamilyDiffer, "different last name"},
		{"jones", "robinson", wFamilyDiffer, "different last name"},
	}
	for _, tt := range tests {
		f := ix.cmpFamily(tt.a, tt.b)
		if f.weight != tt.weight || f.reason != tt.reason {
			t.Errorf("cmpFamily(%q, %q) = %.1f %q, want %.1f %q", tt.a, tt.b, f.weight, f.reason, tt.weight, tt.reason)
		}
	}
}

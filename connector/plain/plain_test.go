package plain_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/connector/plain"
)

// A field reads as the rules and the export show it: found whatever its
// case, numbers without exponent, nothing for an absent field.
func TestFieldText(t *testing.T) {
	snap := map[string]any{"Amount": 1500000.0, "currencyisocode": "EUR", "IsWon": true, "Rate": 0.25, "Count": 3}
	for _, c := range []struct{ field, want string }{
		{"Amount", "1500000"},
		{"CurrencyIsoCode", "EUR"},
		{"IsWon", "true"},
		{"Rate", "0.25"},
		{"Count", "3"},
		{"Missing", ""},
	} {
		if got := plain.FieldText(snap, c.field); got != c.want {
			t.Errorf("FieldText(%s) = %q, want %q", c.field, got, c.want)
		}
		if got := connector.FieldText(snap, c.field); got != c.want {
			t.Errorf("connector.FieldText(%s) = %q, want %q", c.field, got, c.want)
		}
	}
}

// The receiver's errors are plain's values, so web (which sees only plain)
// still answers 404/400/409/503 for what the receiver returns.
func TestReceiverErrorsArePlains(t *testing.T) {
	for _, c := range []struct{ rx, pl error }{
		{connector.ErrNotFound, plain.ErrNotFound},
		{connector.ErrInvalid, plain.ErrInvalid},
		{connector.ErrConflict, plain.ErrConflict},
		{connector.ErrPaused, plain.ErrPaused},
		{connector.ErrDiskFull, plain.ErrDiskFull},
	} {
		if err := fmt.Errorf("connector: apply: %w", c.rx); !errors.Is(err, c.pl) {
			t.Errorf("errors.Is(%v, plain's %q) is false", err, c.pl)
		}
	}
	if errors.Is(connector.ErrNotFound, plain.ErrConflict) {
		t.Error("not found reads as conflict")
	}
}

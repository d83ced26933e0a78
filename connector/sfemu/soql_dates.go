package sfemu

import (
	"strconv"
	"strings"
	"time"
)

// The SOQL date literals (SOQL and SOSL Reference, "Date Formats and Date
// Literals in WHERE"), evaluated in UTC for a user whose week starts on
// Sunday and whose fiscal year is the calendar year (the Organization's
// FiscalYearStartMonth is 1).

// dateUnits are the units a literal counts in, with the start of the unit
// that holds t and a step of n units.
var dateUnits = map[string]struct {
	start func(t time.Time) time.Time
	add   func(t time.Time, n int) time.Time
}{
	"hours": {func(t time.Time) time.Time { return t.Truncate(time.Hour) },
		func(t time.Time, n int) time.Time { return t.Add(time.Duration(n) * time.Hour) }},
	"days": {func(t time.Time) time.Time { return t.Truncate(24 * time.Hour) },
		func(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) }},
	"weeks": {func(t time.Time) time.Time {
		d := t.Truncate(24 * time.Hour)
		return d.AddDate(0, 0, -int(d.Weekday()))
	},
		func(t time.Time, n int) time.Time { return t.AddDate(0, 0, 7*n) }},
	"months": {func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC) },
		func(t time.Time, n int) time.Time { return t.AddDate(0, n, 0) }},
	"quarters": {func(t time.Time) time.Time { return time.Date(t.Year(), (t.Month()-1)/3*3+1, 1, 0, 0, 0, 0, time.UTC) },
		func(t time.Time, n int) time.Time { return t.AddDate(0, 3*n, 0) }},
	"years": {func(t time.Time) time.Time { return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC) },
		func(t time.Time, n int) time.Time { return t.AddDate(n, 0, 0) }},
}

// fixedLiterals maps the literals without a number to (unit, offset in units).
var fixedLiterals = map[string]struct {
	unit string
	off  int
}{
	"yesterday": {"days", -1}, "today": {"days", 0}, "tomorrow": {"days", 1},
	"last_week": {"weeks", -1}, "this_week": {"weeks", 0}, "next_week": {"weeks", 1},
	"last_month": {"months", -1}, "this_month": {"months", 0}, "next_month": {"months", 1},
	"last_quarter": {"quarters", -1}, "this_quarter": {"quarters", 0}, "next_quarter": {"quarters", 1},
	"last_year": {"years", -1}, "this_year": {"years", 0}, "next_year": {"years", 1},
	"last_fiscal_quarter": {"quarters", -1}, "this_fiscal_quarter": {"quarters", 0}, "next_fiscal_quarter": {"quarters", 1},
	"last_fiscal_year": {"years", -1}, "this_fiscal_year": {"years", 0}, "next_fiscal_year": {"years", 1},
}

// numberedUnit returns the unit of LAST_N_<unit>:n, NEXT_N_<unit>:n and
// N_<unit>_AGO:n literals (fiscal ones count calendar units), and the form.
func numberedUnit(base string) (unit, form string, ok bool) {
	base = strings.Replace(base, "fiscal_", "", 1)
	for _, f := range []string{"last_n_", "next_n_"} {
		if u, found := strings.CutPrefix(base, f); found {
			_, known := dateUnits[u]
			return u, f, known
		}
	}
	if u, found := strings.CutPrefix(base, "n_"); found {
		if u, found = strings.CutSuffix(u, "_ago"); found {
			_, known := dateUnits[u]
			return u, "ago", known
		}
	}
	return "", "", false
}

// isDateLiteral reports whether w (lower case, base before any ":n") is a
// date literal; numbered ones must carry their number.
func isDateLiteral(w, base string) bool {
	if _, ok := fixedLiterals[w]; ok {
		return true
	}
	if w == "last_90_days" || w == "next_90_days" {
		return true
	}
	_, _, ok := numberedUnit(base)
	_, n, hasN := strings.Cut(w, ":")
	_, err := strconv.Atoi(n)
	return ok && hasN && err == nil
}

// dateRange turns a date literal into its UTC range [lo, hi).
func dateRange(word string, now time.Time) (time.Time, time.Time) {
	now = now.UTC()
	switch word {
	case "last_90_days":
		word = "last_n_days:90"
	case "next_90_days":
		word = "next_n_days:90"
	}
	if f, ok := fixedLiterals[word]; ok {
		u := dateUnits[f.unit]
		lo := u.add(u.start(now), f.off)
		return lo, u.add(lo, 1)
	}
	base, arg, _ := strings.Cut(word, ":")
	n, _ := strconv.Atoi(arg)
	unit, form, _ := numberedUnit(base)
	u := dateUnits[unit]
	cur := u.start(now)
	switch {
	case form == "ago":
		return u.add(cur, -n), u.add(cur, -n+1)
	case form == "next_n_":
		return u.add(cur, 1), u.add(cur, n+1)
	case unit == "days" || unit == "hours":
		return u.add(cur, -n), u.add(cur, 1) // includes the current day (hour)
	}
	return u.add(cur, -n), cur // whole units before the current one
}

package web

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// labelled is one reviewed entry of the hand count: its best candidate's
// score and what the reviewer did.
type labelled struct {
	score float64
	kind  int // 0 applied to the best candidate, 1 applied to the other, 2 dismissed naming the best, 3 dismissed naming the other
}

// With 240 entries reviewed through the UI (applies, applies to another,
// dismissals naming a candidate), the thresholds page shows the figures a
// hand count of the same reviews gives.
func TestThresholdsPageMatchesHandCount(t *testing.T) {
	app := newTestApp(t)
	admin := app.signedIn("admin@example.com", "admin")
	ctx := context.Background()
	var refs []*store.Referral
	for i := range 40 {
		r := &store.Referral{FirstName: "Label", LastName: fmt.Sprintf("R%d", i), Email: fmt.Sprintf("label%d@example.com", i)}
		if err := app.DB.CreateReferral(ctx, r, "test"); err != nil {
			t.Fatal(err)
		}
		refs = append(refs, r)
	}
	var hand []labelled
	for i := range 240 {
		l := labelled{kind: i % 4}
		if l.kind == 0 {
			l.score = 0.95 + float64(i%51)/1000 // right ones score high, up to 1
		} else {
			l.score = 0.5 + float64(i%50)/100 // wrong and unknown ones lower
		}
		best, other := refs[i%40], refs[(i+1)%40]
		e := app.addEntry(&matching.Entry{Object: "Lead", RecordID: fmt.Sprintf("00QLABEL%010d", i), Modstamp: "2026-11-01T00:00:00.000Z",
			Snapshot: map[string]any{"Id": i}, Outcome: matching.EntryReview, Reason: matching.ReasonLowConfidence,
			Candidates: []matching.Candidate{{ReferralID: best.ID, Score: l.score}, {ReferralID: other.ID, Score: (1 - l.score) / 2}}})
		path := fmt.Sprintf("/entries/%d/", e.ID)
		var p page
		switch l.kind {
		case 0:
			p = admin.post(path+"apply", url.Values{"referral_id": {best.ID}})
		case 1:
			p = admin.post(path+"apply", url.Values{"referral_id": {other.ID}})
		case 2:
			p = admin.post(path+"dismiss", url.Values{"note": {"another person"}, "not_referral": {best.ID}})
		case 3:
			p = admin.post(path+"dismiss", url.Values{"note": {"another person"}, "not_referral": {other.ID}})
		}
		if p.Code != 303 {
			t.Fatalf("review of entry %d (kind %d): %d %s", e.ID, l.kind, p.Code, errorsOf(p.Body))
		}
		hand = append(hand, l)
	}
	count := func(th float64) (right, wrong int) {
		for _, l := range hand {
			if l.score >= th && l.kind == 0 {
				right++
			} else if l.score >= th && (l.kind == 1 || l.kind == 2) {
				wrong++
			}
		}
		return right, wrong
	}
	lowest := 2.0
	for _, l := range hand {
		if r, w := count(l.score); l.kind != 3 && float64(r) >= 0.995*float64(r+w) && r+w > 0 && l.score < lowest {
			lowest = l.score
		}
	}
	body := admin.get("/settings/thresholds").Body
	fact := func(id string) string {
		m := regexp.MustCompile(`id="` + id + `">([^<]*)`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no %s on the page: %.600s", id, body)
		}
		return m[1]
	}
	if fact("th-entries") != "240" || fact("th-positives") != "120" {
		t.Errorf("labelled %s, applied %s; want 240 and 120", fact("th-entries"), fact("th-positives"))
	}
	r, w := count(0.997)
	if want := fmt.Sprintf("99.7 %%: %d right, %d wrong, precision %.2f %%, recall %.2f %%", r, w, 100*float64(r)/float64(r+w), 100*float64(r)/120); fact("th-current") != want {
		t.Errorf("threshold in force: %q, hand count %q", fact("th-current"), want)
	}
	r, w = count(lowest)
	if want := fmt.Sprintf("%s %% (precision %.2f %%, recall %.2f %%, resting on %d labels)", fmtPct(lowest), 100*float64(r)/float64(r+w), 100*float64(r)/120, r+w); fact("th-lowest") != want {
		t.Errorf("lowest threshold: %q, hand count %q", fact("th-lowest"), want)
	}
	rows := regexp.MustCompile(`<tr><td data-label="Threshold">([0-9.]+) %</td><td data-label="Right">(\d+)</td><td data-label="Wrong">(\d+)</td>`).FindAllStringSubmatch(body, -1)
	if len(rows) < 10 {
		t.Fatalf("curve has %d rows", len(rows))
	}
	for _, row := range rows {
		var th float64
		fmt.Sscan(row[1], &th)
		th = math.Round(th*1e4) / 1e6 // the page shows percentages
		if r, w := count(th); row[2] != fmt.Sprint(r) || row[3] != fmt.Sprint(w) {
			t.Errorf("at %s the page says %s right, %s wrong; hand count %d, %d", row[1], row[2], row[3], r, w)
		}
	}
	if !strings.Contains(body, "Nothing here changes the threshold") {
		t.Error("the page does not say how a threshold is adopted")
	}
	// "Try" fills the lowest threshold in on the settings page, unsaved
	m := regexp.MustCompile(`id="try-lowest" href="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no link to try the lowest threshold")
	}
	link := strings.ReplaceAll(m[1], "&amp;", "&")
	set := admin.get(link)
	if !strings.Contains(set.Body, `id="auto" name="auto" inputmode="decimal" value="`+fmtPct(lowest)+`"`) || !strings.Contains(set.Body, "<strong>not saved</strong>") {
		t.Errorf("%s does not fill in %s %% unsaved: %s", link, fmtPct(lowest), errorsOf(set.Body))
	}
	if rules, _, err := currentRules(ctx, app.DB, store.DefaultProgram); err != nil || rules.Thresholds.Auto != 0.997 {
		t.Errorf("trying a threshold saved it: %v %v", rules.Thresholds.Auto, err)
	}
	if bad := admin.get("/settings?program=1&auto=abc"); !strings.Contains(bad.Body, `id="trying-auto-problem"`) || !strings.Contains(bad.Body, `value="99.7"`) {
		t.Errorf("a bad threshold in the link is not said, or replaced the one in force: %s", errorsOf(bad.Body))
	}
}

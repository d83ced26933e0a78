package web

import (
	"context"
	"fmt"
	"html"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"testing"
	"time"

	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// benchEntries fills the database with n entries spread over 60 days, in the
// proportions a busy org shows: mostly processed, about 15% in review.
func benchEntries(tb testing.TB, db *store.DB, n int) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Now().Add(-60 * 24 * time.Hour)
	var now time.Time
	db.SetClock(func() time.Time { return now })
	defer db.SetClock(time.Now)
	for lo := 0; lo < n; lo += 100_000 {
		benchEntryRange(tb, db, rng, lo, min(lo+100_000, n), n, start, &now)
	}
}

// benchEntryRange stores entries lo..hi of benchEntries' n in one transaction.
func benchEntryRange(tb testing.TB, db *store.DB, rng *rand.Rand, lo, hi, n int, start time.Time, clock *time.Time) {
	objects := []string{"Lead", "Lead", "Contact", "Opportunity", "Opportunity", "Account"}
	reasons := []string{matching.ReasonNoMatch, matching.ReasonAmbiguous, matching.ReasonLowConfidence, matching.ReasonMemberNotFound}
	err := db.InTx(context.Background(), func(ctx context.Context) error {
		for i := lo; i < hi; i++ {
			now := start.Add(time.Duration(i) * 60 * 24 * time.Hour / time.Duration(n))
			*clock = now
			e := &matching.Entry{Object: objects[rng.IntN(len(objects))], RecordID: fmt.Sprintf("00Q%015d", i), Modstamp: now.Format(time.RFC3339),
				Snapshot: map[string]any{"FirstName": fmt.Sprint("First", i%977), "LastName": fmt.Sprint("Last", i%1013),
					"Email": fmt.Sprintf("person%d@example%d.test", i, i%50), "Company": fmt.Sprint("Company ", i%300), "Status": "Open"},
				Rule: "Lead Status equals “Qualified”", TargetStatus: "qualified"}
			switch p := rng.IntN(100); {
			case p < 70:
				e.Outcome = matching.EntryProcessed
			case p < 85:
				e.Outcome, e.Reason = matching.EntryReview, reasons[rng.IntN(len(reasons))]
				for c := 0; c < 3; c++ {
					e.Candidates = append(e.Candidates, matching.Candidate{ReferralID: fmt.Sprint("ref_", c), Score: 0.5 - float64(c)/10,
						Fields: []matching.FieldScore{{Field: "email", Similarity: 0.9, Contribution: 0.4, Reason: "one letter apart"},
							{Field: "last_name", Similarity: 1, Contribution: 0.2, Reason: "same last name"}}})
				}
			case p < 90:
				e.Outcome, e.Reason = matching.EntryFailed, matching.ReasonCRMError
			case p < 97:
				e.Outcome = matching.EntryIgnored
			default:
				e.Outcome = matching.EntryDismissed
			}
			if err := db.InsertEntryRx(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkQueue measures the whole request (session, query, template) of
// queue pages over 100,000 entries and reports the 95th percentile.
func BenchmarkQueue(b *testing.B) { benchQueue(b, 100_000) }

// BenchmarkQueue1M is BenchmarkQueue over 1,000,000 entries (the review
// queue's first page should stay at or under 50 ms p95).
func BenchmarkQueue1M(b *testing.B) { benchQueue(b, 1_000_000) }

func benchQueue(b *testing.B, n int) {
	app := newTestApp(b)
	benchEntries(b, app.DB, n)
	app.addUser("bench@example.com", "reviewer")
	cl := app.client()
	if res, _ := cl.login("bench@example.com", testPassword); res.StatusCode != http.StatusSeeOther {
		b.Fatal("sign in failed")
	}
	var cookie *http.Cookie
	for _, ck := range res(cl) {
		if ck.Name == sessionCookie {
			cookie = ck
		}
	}
	h := app.Srv.Config.Handler
	page3 := "/entries"
	for range 2 {
		req := httptest.NewRequest(http.MethodGet, page3, nil)
		req.AddCookie(cookie)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		m := regexp.MustCompile(`href="([^"]+)" rel="next"`).FindStringSubmatch(rec.Body.String())
		if m == nil {
			b.Fatal("no next page link")
		}
		page3 = html.UnescapeString(m[1])
	}
	for _, bc := range []struct{ name, path string }{
		{"first_page", "/entries"},
		{"filtered_reason_object", "/entries?reason=low_confidence&object=Lead"},
		{"filtered_age_object", "/entries?age=7d&object=Opportunity"},
		{"failed", "/entries?outcome=failed"},
		{"page_3", page3},
		{"search_text", "/entries?outcome=all&q=person99123%40"},
		{"dashboard", "/"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var took []time.Duration
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, bc.path, nil)
				req.AddCookie(cookie)
				rec := httptest.NewRecorder()
				t0 := time.Now()
				h.ServeHTTP(rec, req)
				took = append(took, time.Since(t0))
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: status %d", bc.path, rec.Code)
				}
			}
			sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
			b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
		})
	}
}

func res(cl *client) []*http.Cookie {
	req, _ := http.NewRequest(http.MethodGet, cl.app.Srv.URL, nil)
	return cl.c.Jar.Cookies(req.URL)
}

package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/refsync/refsync/store"
	"github.com/refsync/refsync/web/api"
)

// Concurrent applies of one entry to a referral whose status is final (the
// guard refuses the change, so the entry ends "ignored"): one wins, every
// other is told it lost, and the history holds one apply.
func TestConcurrentAppliesOfAFinalEntry(t *testing.T) {
	app := newTestApp(t, func(d *Deps) {
		d.API = api.New(api.Deps{DB: d.DB, Receiver: d.Reviewer.(*recordingReviewer).inner.(api.Receiver)})
	})
	ann, _, e := app.seed()
	ctx := context.Background()
	if _, _, err := app.DB.SetReferralStatus(ctx, store.StatusChange{ReferralID: ann.ID, To: "approved", Actor: "test", Manual: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := app.DB.W.Exec(`UPDATE entries SET target_status = 'denied' WHERE id = ?`, e.ID); err != nil {
		t.Fatal(err)
	}
	tok, _, err := app.DB.CreateAPIToken(ctx, "zap", store.RoleReviewer)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for i := 0; i < 6; i++ {
		wg.Go(func() {
			req, _ := http.NewRequest(http.MethodPost, app.Srv.URL+fmt.Sprintf("/api/v1/entries/%d/apply", e.ID), strings.NewReader(`{"referral_id":"`+ann.ID+`"}`))
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Idempotency-Key", fmt.Sprint("apply-", i))
			p := app.client().do(req)
			if p.Code == http.StatusConflict && !strings.Contains(p.Body, "another apply won") {
				t.Errorf("the loser is not told why: %s", p.Body)
			}
			mu.Lock()
			codes[p.Code]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if codes[http.StatusOK] != 1 || codes[http.StatusConflict] != 5 {
		t.Fatalf("answers %v; want one 200 and five 409", codes)
	}
	h, err := app.DB.EntryHistory(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	applies := 0
	for _, ev := range h {
		if ev.Action == "apply" {
			applies++
		}
	}
	if applies != 1 {
		t.Fatalf("%d applies in the history, want 1", applies)
	}
}

package webhook

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/refsync/refsync/store"
)

// attempt is one POST as a receiver saw it.
type attempt struct{ delivery, event string }

// idReceiver logs every attempt's Refsync-Delivery header and body id, and
// answers what answer says for the n-th attempt of a delivery id.
type idReceiver struct {
	mu     sync.Mutex
	log    []attempt
	answer func(delivery string, n int) int
}

func (rc *idReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var e Envelope
	json.Unmarshal(body, &e)
	rc.mu.Lock()
	a := attempt{r.Header.Get(DeliveryHeader), e.ID}
	rc.log = append(rc.log, a)
	n := 0
	for _, b := range rc.log {
		if b.delivery == a.delivery {
			n++
		}
	}
	rc.mu.Unlock()
	w.WriteHeader(rc.answer(a.delivery, n))
}

// byDelivery groups the attempts by delivery id, failing when one id carried
// two events or one event came under two ids (a receiver could not de-duplicate).
func (rc *idReceiver) byDelivery(t *testing.T) map[string]int {
	t.Helper()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	count, event, id := map[string]int{}, map[string]string{}, map[string]string{}
	for _, a := range rc.log {
		if a.delivery == "" || a.event == "" {
			t.Fatalf("an attempt without a delivery id or event id: %+v", a)
		}
		if e, ok := event[a.delivery]; ok && e != a.event {
			t.Fatalf("delivery %s carried events %s and %s", a.delivery, e, a.event)
		}
		if d, ok := id[a.event]; ok && d != a.delivery {
			t.Fatalf("event %s came as deliveries %s and %s", a.event, d, a.delivery)
		}
		event[a.delivery], id[a.event] = a.event, a.delivery
		count[a.delivery]++
	}
	return count
}

// Every retry, and the resend after refsync stopped between the receiver's
// answer and recording it, carries the same Refsync-Delivery id, so a
// receiver that drops repeats by it handles each event once.
func TestDeliveryIDIsStableAcrossRetriesAndResends(t *testing.T) {
	db := openDB(t)
	now := time.Now().UTC()
	clock := func() time.Time { return now }
	db.SetClock(clock)
	runCtx, stop := context.WithCancel(context.Background())
	rc := &idReceiver{}
	rc.answer = func(_ string, n int) int {
		switch n {
		case 1:
			return http.StatusServiceUnavailable // retried later
		case 2:
			stop() // refsync stops after the receiver has it, before recording it
		}
		return http.StatusOK
	}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	queueOne(t, db, srv.URL, "whsec_0123456789abcdef")
	if err := db.CreateReferral(context.Background(), &store.Referral{LastName: "Two"}, "test"); err != nil {
		t.Fatal(err)
	}
	d := &Dispatcher{DB: dbStore{db}, Now: clock, AllowPrivate: true}
	for step := 0; step < 240; step++ { // four hours, a minute at a time
		ctx := runCtx
		if runCtx.Err() != nil {
			ctx = context.Background() // started again
		}
		d.RunOnce(ctx)
		now = now.Add(time.Minute)
	}
	got := rc.byDelivery(t)
	if len(got) != 2 {
		t.Fatalf("attempts %+v: want two events, each under its own delivery id", rc.log)
	}
	resent := 0
	for id, n := range got {
		if n < 2 {
			t.Errorf("delivery %s was attempted %d times; its first attempt failed", id, n)
		}
		if n == 3 {
			resent++
		}
	}
	if resent != 1 {
		t.Errorf("attempts %+v: want exactly one delivery sent again after the stop", rc.log)
	}
	ds, err := db.ListDeliveries(context.Background(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	ok := 0
	for _, x := range ds {
		if x.StatusCode == http.StatusOK {
			ok++
		}
	}
	if ok != 2 {
		t.Errorf("the delivery log has %d successes, want 2 (one per event)", ok)
	}
}

package hook

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/store"
)

func TestPublicAddress(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1": false, "10.1.2.3": false, "172.16.0.1": false, "192.168.1.1": false, "169.254.169.254": false,
		"0.0.0.0": false, "100.64.0.1": false, "255.255.255.255": false, "224.0.0.1": false,
		"::1": false, "::": false, "fe80::1": false, "fc00::1": false, "::ffff:127.0.0.1": false, "::ffff:10.0.0.1": false,
		"8.8.8.8": true, "93.184.215.14": true, "2606:4700::1111": true, "::ffff:8.8.8.8": true,
		"64:ff9b::7f00:1": false, "64:ff9b::a00:1": false, "2002:7f00:1::1": false, "2002:a9fe:a9fe::": false, "::127.0.0.1": false, "::10.0.0.1": false,
	} {
		if got := PublicAddress(netip.MustParseAddr(addr)); got != want {
			t.Errorf("PublicAddress(%s) = %v, want %v", addr, got, want)
		}
	}
}

func TestCheckTarget(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:8080/x", "http://localhost/x", "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://10.0.0.8/", "ftp://example.com/", "https://user:pw@example.com/"} {
		if err := CheckTarget(u, false); err == nil {
			t.Errorf("CheckTarget(%s) accepted", u)
		}
	}
	for _, u := range []string{"https://hooks.example.com/refsync", "http://93.184.215.14/x"} {
		if err := CheckTarget(u, false); err != nil {
			t.Errorf("CheckTarget(%s): %v", u, err)
		}
	}
	if err := CheckTarget("http://127.0.0.1:8080/x", true); err != nil {
		t.Errorf("allowed private: %v", err)
	}
}

func openDB(t *testing.T) *store.DB {
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "refsync.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// queueOne stores a webhook for url and one event for it.
func queueOne(t *testing.T, db *store.DB, url, secret string) *store.Webhook {
	ctx := context.Background()
	w := &store.Webhook{URL: url, Events: Events, Secret: secret}
	if err := db.CreateWebhook(ctx, w, "test"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond) // the referral comes after the webhook
	if err := db.CreateReferral(ctx, &store.Referral{LastName: "Lee", Email: "lee@example.com"}, "test"); err != nil {
		t.Fatal(err)
	}
	return w
}

func deliveries(t *testing.T, db *store.DB, id int64) []store.Delivery {
	ds, err := db.ListDeliveries(context.Background(), id, 10)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// A name that resolves to a loopback address (here: localhost, which a saved
// URL could also become by DNS rebinding) is refused when connecting.
func TestDeliveryRefusesPrivateAddressAfterResolution(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits++ }))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	db := openDB(t)
	w := queueOne(t, db, "http://localhost:"+port+"/hook", "whsec_0123456789abcdef")
	d := &Dispatcher{DB: db}
	if _, err := d.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if hits != 0 {
		t.Fatalf("the loopback receiver was reached %d times", hits)
	}
	ds := deliveries(t, db, w.ID)
	if len(ds) == 0 || !strings.Contains(ds[0].Error, "REFSYNC_WEBHOOKS_ALLOW_PRIVATE") {
		t.Fatalf("delivery log %+v, want the private-address refusal", ds)
	}
	// A name with no answer at all reads the same: the log is no DNS oracle for internal names.
	other := openDB(t)
	nx := queueOne(t, other, "http://no-such-host.invalid/hook", "whsec_0123456789abcdef")
	if _, err := (&Dispatcher{DB: other}).RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if nd := deliveries(t, other, nx.ID); len(nd) == 0 || nd[0].Error != ds[0].Error {
		t.Fatalf("an unknown name logs %+v, a private one %q: they must read the same", nd, ds[0].Error)
	}
	d = &Dispatcher{DB: db, AllowPrivate: true, Now: func() time.Time { return time.Now().Add(2 * time.Hour) }}
	db.SetClock(d.Now)
	if _, err := d.RunOnce(context.Background()); err != nil || hits != 1 {
		t.Fatalf("with private targets allowed: hits %d, err %v", hits, err)
	}
}

// A closed port and a receiver that answers 401 must not be told apart by
// why the connection failed: the log says only whether an HTTP answer came.
func TestDeliveryLogIsNoPortScanner(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/"
	ln.Close()
	db := openDB(t)
	w := queueOne(t, db, closed, "whsec_0123456789abcdef")
	d := &Dispatcher{DB: db, AllowPrivate: true}
	if _, err := d.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	ds := deliveries(t, db, w.ID)
	if len(ds) != 1 {
		t.Fatalf("deliveries %+v", ds)
	}
	for _, leak := range []string{"refused", "connect", "dial", "127.0.0.1", "tcp"} {
		if strings.Contains(strings.ToLower(ds[0].Error), leak) {
			t.Errorf("the delivery log says %q (contains %q)", ds[0].Error, leak)
		}
	}
	if ds[0].DurationMS != 0 || ds[0].StatusCode != 0 {
		t.Errorf("the log records timing %d ms / status %d for a failed connection", ds[0].DurationMS, ds[0].StatusCode)
	}
}

// Deliveries are signed with the secret even when it is stored sealed.
func TestSealedSecretSigns(t *testing.T) {
	const secret = "whsec_sealed_secret_value"
	var verr error = errNotCalled
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		verr = Verify(secret, body, r.Header.Get(SignatureHeader), DefaultTolerance, time.Now())
	}))
	defer srv.Close()
	db := openDB(t)
	box, _ := config.NewSecretBox(strings.Repeat("s", 40))
	if _, err := db.UseSecretBox(context.Background(), box); err != nil {
		t.Fatal(err)
	}
	queueOne(t, db, srv.URL, secret)
	if _, err := (&Dispatcher{DB: db, AllowPrivate: true}).RunOnce(context.Background()); err != nil || verr != nil {
		t.Fatalf("run %v, receiver's check %v", err, verr)
	}
}

var errNotCalled = &transportError{err: net.ErrClosed}

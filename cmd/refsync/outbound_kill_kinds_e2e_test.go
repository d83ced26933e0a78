//go:build e2e

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/refsync/refsync/connector/outbound"
	"github.com/refsync/refsync/connector/push"
	"github.com/refsync/refsync/connector/sfemu"
	"github.com/refsync/refsync/store"
	"github.com/refsync/refsync/web/hook"
)

const killJobs, kills = 200, 3

// killOrg is an emulated org served over HTTP that counts how often each
// record was written through composite/sobjects (after the write was applied).
type killOrg struct {
	emu    *sfemu.Server
	url    string
	env    []string
	mu     sync.Mutex
	writes map[string]int
}

func newKillOrg(t *testing.T) *killOrg {
	t.Helper()
	emu, err := sfemu.New(sfemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	emu.SetLatency(3 * time.Millisecond)
	o := &killOrg{emu: emu, writes: map[string]int{}}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body []byte
		if r.Method == http.MethodPatch && strings.Contains(r.URL.Path, "/composite/sobjects") {
			body, _ = io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		emu.ServeHTTP(w, r)
		var in struct{ Records []map[string]any }
		if json.Unmarshal(body, &in) == nil {
			o.mu.Lock()
			for _, rec := range in.Records {
				o.writes[fmt.Sprint(rec["Id"])]++
			}
			o.mu.Unlock()
		}
	}))
	t.Cleanup(hs.Close)
	o.url = hs.URL
	o.env = []string{childID + "=" + emu.Options().ClientID, childSec + "=" + emu.Options().ClientSecret}
	return o
}

func TestKill9Push(t *testing.T) {
	ctx := context.Background()
	org := newKillOrg(t)
	db, path := killDB(t)
	var ids []string
	for i := range killJobs {
		r := &store.Referral{FirstName: "K", LastName: refName(i), Email: strings.ToLower(refName(i)) + "@kill.example"}
		if err := db.CreateReferralForPush(ctx, r, "test"); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	db.Close()
	stranded := killRun(t, push.Kind, path, org.url, org.env, kills)
	leads := map[string]int{}
	for _, l := range org.emu.Records("Lead") {
		leads[fmt.Sprint(l["Referral_ID__c"])]++
	}
	lost, twice := 0, 0
	for _, id := range ids {
		switch n := leads[id]; {
		case n == 0:
			lost++
		case n > 1:
			twice++
		}
	}
	report(t, push.Kind, len(ids), lost, twice, stranded, 0)
}

func TestKill9StatusWriteback(t *testing.T) {
	ctx := context.Background()
	org := newKillOrg(t)
	db, path := killDB(t)
	var leads []string
	for i := range killJobs {
		r := &store.Referral{FirstName: "K", LastName: refName(i)}
		if err := db.CreateReferral(ctx, r, "test"); err != nil {
			t.Fatal(err)
		}
		lead, err := org.emu.Insert("Lead", map[string]any{"LastName": r.LastName, "Company": "K"})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.LinkRecord(ctx, store.Link{RecordID: lead, Object: "Lead", ReferralID: r.ID, Kind: "created"}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.SetReferralStatus(ctx, store.StatusChange{ReferralID: r.ID, To: store.StatusQualified, Actor: "test", Manual: true}); err != nil {
			t.Fatal(err)
		}
		leads = append(leads, lead)
	}
	if _, err := db.QueueStatusWritebacks(ctx, killJobs); err != nil {
		t.Fatal(err)
	}
	db.Close()
	stranded := killRun(t, push.StatusKind, path, org.url, org.env, kills)
	lost, twice := 0, 0
	for _, id := range leads {
		if org.emu.Get("Lead", id)["Description"] != store.StatusQualified {
			lost++
		}
		if org.writes[id] > 1 {
			twice++
		}
	}
	report(t, push.StatusKind, len(leads), lost, twice, stranded, kills*20) // a batch of 20 in flight: the same status written again
}

// hookReceiver counts deliveries per event id.
type hookReceiver struct {
	mu  sync.Mutex
	got map[string]int
}

func (h *hookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var e hook.Envelope
	json.NewDecoder(r.Body).Decode(&e)
	h.mu.Lock()
	h.got[e.ID]++
	h.mu.Unlock()
}

func TestKill9Webhook(t *testing.T) {
	ctx := context.Background()
	rc := &hookReceiver{got: map[string]int{}}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	db, path := killDB(t)
	if err := db.CreateWebhook(ctx, &store.Webhook{URL: srv.URL, Events: hook.Events, Secret: "whsec_kill"}, "test"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Millisecond) // events newer than the webhook
	for i := range killJobs {
		if err := db.CreateReferral(ctx, &store.Referral{LastName: refName(i)}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	if err := (&hook.Dispatcher{DB: db}).Produce(ctx); err != nil {
		t.Fatal(err)
	}
	db.Close()
	stranded := killRun(t, store.JobWebhook, path, srv.URL, nil, kills)
	report(t, store.JobWebhook, killJobs, killJobs-len(rc.got), dups(rc.got), stranded, kills)
}

type mailSink struct {
	mu  sync.Mutex
	got map[string]int
}

type mailSession struct{ s *mailSink }

func (m mailSession) Reset()                               {}
func (m mailSession) Logout() error                        { return nil }
func (m mailSession) Mail(string, *smtp.MailOptions) error { return nil }
func (m mailSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (m mailSession) Data(r io.Reader) error {
	b, _ := io.ReadAll(r)
	_, rest, _ := strings.Cut(string(b), "Subject: ")
	subject, _, _ := strings.Cut(rest, "\r\n")
	m.s.mu.Lock()
	m.s.got[subject]++
	m.s.mu.Unlock()
	return nil
}

func TestKill9Mail(t *testing.T) {
	ctx := context.Background()
	sink := &mailSink{got: map[string]int{}}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return mailSession{sink}, nil }))
	srv.Domain = "localhost"
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	defer srv.Close()
	db, path := killDB(t)
	for i := range killJobs {
		m := outbound.Message{Subject: "kill mail " + refName(i), Body: "hello"}
		if err := db.QueueMail(ctx, refName(i), m.Payload(), "", 0); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	stranded := killRun(t, outbound.MailKind, path, l.Addr().String(), nil, kills)
	report(t, outbound.MailKind, killJobs, killJobs-len(sink.got), dups(sink.got), stranded, kills)
}

func dups(m map[string]int) int {
	n := 0
	for _, c := range m {
		if c > 1 {
			n++
		}
	}
	return n
}

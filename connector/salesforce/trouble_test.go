package salesforce_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/connector/sfemu"
)

// A login the org turns away for now (rate, retry, a 5xx page) is retried with
// backoff and never leaves the connection unauthorized; one that cannot heal
// stops, and the words say which it is.
func TestLoginRefusedForNowIsRetried(t *testing.T) {
	for _, kind := range []sfemu.LoginRefusal{sfemu.LoginRateExceeded, sfemu.LoginRetry, sfemu.LoginPage503} {
		t.Run(string(kind), func(t *testing.T) {
			e := newEmu(t, sfemu.Options{})
			c, err := salesforce.New(e.config(salesforce.AuthClientCredentials))
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			if err := e.srv.RefuseLogins(2, kind); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Limits(ctx); err != nil {
				t.Fatalf("two refusals then a login: want the call to pass, got %v", err)
			}
			if st := c.State(); st.Status != salesforce.StatusConnected {
				t.Fatalf("state %q (%s), want connected", st.Status, st.LastError)
			}

			c2, _ := salesforce.New(e.config(salesforce.AuthClientCredentials))
			_ = e.srv.RefuseLogins(100, kind)
			_, err = c2.Limits(ctx)
			st := c2.State()
			if errors.Is(err, salesforce.ErrUnauthorized) || st.Status != salesforce.StatusError {
				t.Fatalf("refused for now on every attempt: state %q err %v, want error (not unauthorized)", st.Status, err)
			}
			if !strings.Contains(st.LastError, "for now") || !strings.Contains(st.LastError, "credentials are fine") || strings.Contains(st.LastError, "<") {
				t.Fatalf("words %q do not say the refusal passes by itself", st.LastError)
			}
			_ = e.srv.RefuseLogins(0, kind)
			if _, err := c2.Limits(ctx); err != nil {
				t.Fatalf("after the refusals end the next call must log in: %v", err)
			}
		})
	}
}

// A refusal that cannot heal stops the connection and names what is wrong.
func TestLoginRefusedForGoodSaysWhich(t *testing.T) {
	e := newEmu(t, sfemu.Options{})
	cfg := e.config(salesforce.AuthClientCredentials)
	cfg.ClientSecret = "wrong"
	c, _ := salesforce.New(cfg)
	_, err := c.Limits(context.Background())
	if !errors.Is(err, salesforce.ErrUnauthorized) {
		t.Fatalf("wrong secret: want ErrUnauthorized, got %v", err)
	}
	if w := c.State().LastError; !strings.Contains(w, "will not pass by itself") || !strings.Contains(w, "consumer secret is wrong") {
		t.Fatalf("words %q do not say what cannot heal", w)
	}
}

// An HTML error page is retried like a 502–504 and, when it persists, is told
// in words, never shown as HTML.
func TestErrorPageBecomesWords(t *testing.T) {
	for _, status := range []int{500, 502} {
		e := newEmu(t, sfemu.Options{})
		c, _ := salesforce.New(e.config(salesforce.AuthClientCredentials))
		ctx := context.Background()
		e.srv.FailNextWithPage(2, status)
		if err := c.QueryAll(ctx, "SELECT Id FROM Lead LIMIT 1", func(salesforce.Page) error { return nil }); err != nil {
			t.Fatalf("%d page twice, then an answer: want the query to pass, got %v", status, err)
		}
		e.srv.FailNextWithPage(100, status)
		err := c.QueryAll(ctx, "SELECT Id FROM Lead LIMIT 1", func(salesforce.Page) error { return nil })
		if err == nil {
			t.Fatal("want an error while every answer is a page")
		}
		w := c.State().LastError
		want := "Salesforce answered " + map[int]string{500: "500", 502: "502"}[status] + " with an error page"
		if !strings.Contains(w, want) || strings.Contains(w, "<") || strings.Contains(err.Error(), "<html") {
			t.Fatalf("words %q (error %v): want %q and no HTML", w, err, want)
		}
	}
}

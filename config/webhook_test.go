package config

import (
	"net/netip"
	"strings"
	"testing"
)

// Moved from connector/webhook (web/hook before) with the checks; assertions unchanged.

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

func TestCheckWebhookURL(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:8080/x", "http://localhost/x", "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://10.0.0.8/", "ftp://example.com/", "https://user:pw@example.com/"} {
		if err := CheckWebhookURL(u, false); err == nil {
			t.Errorf("CheckWebhookURL(%s) accepted", u)
		}
	}
	for _, u := range []string{"https://hooks.example.com/refsync", "http://93.184.215.14/x"} {
		if err := CheckWebhookURL(u, false); err != nil {
			t.Errorf("CheckWebhookURL(%s): %v", u, err)
		}
	}
	if err := CheckWebhookURL("http://127.0.0.1:8080/x", true); err != nil {
		t.Errorf("allowed private: %v", err)
	}
}

// An address longer than the limit is refused with its length and the limit;
// an event name is one of the three or refused.
func TestWebhookURLLengthAndEvents(t *testing.T) {
	long := "https://hooks.example.com/" + strings.Repeat("a", MaxWebhookURLLen)
	err := CheckWebhookURL(long, false)
	if err == nil || !strings.Contains(err.Error(), "at most 2048") {
		t.Errorf("a %d-character URL: %v, want refused with the limit", len(long), err)
	}
	if err := CheckWebhookURL(long[:MaxWebhookURLLen], false); err != nil {
		t.Errorf("a URL of exactly %d characters: %v", MaxWebhookURLLen, err)
	}
	for _, e := range WebhookEvents {
		if !ValidWebhookEvent(e) {
			t.Errorf("%s is not valid", e)
		}
	}
	if ValidWebhookEvent("referral.deleted") || ValidWebhookEvent("") {
		t.Error("an unknown event name is accepted")
	}
}

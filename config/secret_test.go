package config

import (
	"errors"
	"strings"
	"testing"
)

const testKey = "0123456789abcdef0123456789abcdef-test"

func TestSecretBoxRoundTrip(t *testing.T) {
	b, err := NewSecretBox(testKey)
	if err != nil {
		t.Fatal(err)
	}
	s, err := b.Seal("salesforce.refresh_token", []byte("5Aep861-secret"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(s, "5Aep861") || !IsSealed(s) {
		t.Fatalf("sealed value %q shows the plain text or lacks the prefix", s)
	}
	again, _ := b.Seal("salesforce.refresh_token", []byte("5Aep861-secret"))
	if again == s {
		t.Error("two seals of the same text are equal: the nonce is not random")
	}
	got, err := b.Open("salesforce.refresh_token", s)
	if err != nil || string(got) != "5Aep861-secret" {
		t.Fatalf("Open = %q, %v", got, err)
	}
}

func TestSecretBoxRefuses(t *testing.T) {
	b, _ := NewSecretBox(testKey)
	other, _ := NewSecretBox(strings.Repeat("z", 40))
	s, _ := b.Seal("webhook:1", []byte("whsec"))
	cases := map[string]func() error{
		"another key":     func() error { _, err := other.Open("webhook:1", s); return err },
		"another purpose": func() error { _, err := b.Open("webhook:2", s); return err },
		"damaged":         func() error { _, err := b.Open("webhook:1", s[:len(s)-4]+"AAAA"); return err },
		"plain text":      func() error { _, err := b.Open("webhook:1", "whsec"); return err },
	}
	for name, f := range cases {
		if err := f(); !errors.Is(err, ErrSecretUnreadable) {
			t.Errorf("%s: got %v, want ErrSecretUnreadable", name, err)
		}
	}
}

func TestSecretBoxWithoutKey(t *testing.T) {
	for _, b := range []*SecretBox{nil, {}} {
		if b.HasKey() {
			t.Fatal("a box without key says it has one")
		}
		if _, err := b.Seal("x", []byte("y")); !errors.Is(err, ErrNoSecretKey) {
			t.Errorf("Seal without key: %v", err)
		}
		if _, err := b.Open("x", "rsbox1:AAAA"); !errors.Is(err, ErrNoSecretKey) {
			t.Errorf("Open without key: %v", err)
		}
	}
	if !strings.Contains(ErrNoSecretKey.Error(), "REFSYNC_SECRET_KEY") {
		t.Error("the no-key message does not name the variable")
	}
	if _, err := NewSecretBox("short"); err == nil || !strings.Contains(err.Error(), "at least 32") {
		t.Errorf("a short key: %v", err)
	}
	b, err := SecretBoxFromEnv(func(k string) string {
		if k == SecretKeyEnv {
			return testKey
		}
		return ""
	})
	if err != nil || !b.HasKey() {
		t.Fatalf("from env: %v", err)
	}
}

func TestConfigSecretKeyRedacted(t *testing.T) {
	c, err := Load("", func(k string) string {
		if k == SecretKeyEnv {
			return testKey
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(c.String(), testKey) || !strings.Contains(c.String(), "secret_key=[redacted]") {
		t.Errorf("String() = %s", c.String())
	}
	if b, err := c.SecretBox(); err != nil || !b.HasKey() {
		t.Errorf("SecretBox: %v", err)
	}
	c.SecretKey = "short"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), SecretKeyEnv) {
		t.Errorf("Validate with a short key: %v", err)
	}
}

package config

import (
	"strings"
	"testing"
)

func TestTrustedProxies(t *testing.T) {
	env := map[string]string{"REFSYNC_TRUSTED_PROXIES": "10.0.0.5, 192.168.0.0/16,::1"}
	c, err := Load("", func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	nets, err := c.ProxyNets()
	if err != nil || len(nets) != 3 || nets[0].String() != "10.0.0.5/32" || nets[1].String() != "192.168.0.0/16" || nets[2].String() != "::1/128" {
		t.Fatalf("nets %v, err %v", nets, err)
	}
	c.TrustedProxies = []string{"proxy.internal"}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), `trusted_proxies (REFSYNC_TRUSTED_PROXIES): "proxy.internal" is not an IP address`) {
		t.Fatalf("Validate: %v", err)
	}
}

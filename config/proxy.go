package config

import (
	"fmt"
	"net"
	"strings"
)

// ProxyNets parses trusted_proxies (REFSYNC_TRUSTED_PROXIES): each entry is an
// address (10.0.0.5, ::1) or a range in CIDR form (10.0.0.0/8). An empty list
// means clients connect directly and X-Forwarded-For is ignored.
func (c *Config) ProxyNets() ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, raw := range c.TrustedProxies {
		v := strings.TrimSpace(raw)
		if v == "" {
			continue
		}
		if !strings.Contains(v, "/") {
			ip := net.ParseIP(v)
			if ip == nil {
				return nil, fmt.Errorf("trusted_proxies (REFSYNC_TRUSTED_PROXIES): %q is not an IP address or a range like 10.0.0.0/8", v)
			}
			bits := 128
			if ip.To4() != nil {
				ip, bits = ip.To4(), 32
			}
			out = append(out, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			continue
		}
		_, n, err := net.ParseCIDR(v)
		if err != nil {
			return nil, fmt.Errorf("trusted_proxies (REFSYNC_TRUSTED_PROXIES): %q is not an IP address or a range like 10.0.0.0/8", v)
		}
		out = append(out, n)
	}
	return out, nil
}

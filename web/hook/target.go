package hook

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// ErrPrivateTarget: a webhook URL resolved to an address on a private,
// loopback or link-local network while such targets are not allowed.
var ErrPrivateTarget = errors.New("the webhook address is on a private, loopback or link-local network; refsync refuses those unless REFSYNC_WEBHOOKS_ALLOW_PRIVATE=1 is set (for a receiver you host yourself)")

// blockedRanges are the ranges no webhook may reach unless private targets are
// allowed, besides what netip classifies as loopback, private, link-local,
// multicast or unspecified.
var blockedRanges = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("64:ff9b::/96"),    // NAT64: reaches any IPv4 address, private ones too
	netip.MustParsePrefix("2002::/16"),       // 6to4: the same
	netip.MustParsePrefix("::/96"),           // IPv4-compatible ::a.b.c.d
	netip.MustParsePrefix("2001::/23"),       // IETF protocol assignments
	netip.MustParsePrefix("fec0::/10"),       // deprecated site-local
	netip.MustParsePrefix("::ffff:0:0:0/96"), // IPv4-translated
}

// PublicAddress reports whether ip is an address a webhook may reach by
// default: not loopback, private, link-local, multicast, unspecified or
// otherwise reserved (IPv4 inside IPv6 is judged as IPv4).
func PublicAddress(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return false
	}
	for _, p := range blockedRanges {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// guardControl is a net.Dialer Control func: it runs after DNS resolution, on
// the address actually dialled, so a name that resolves (or re-resolves) to a
// private address is refused as well.
func guardControl(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("webhook target %q: %w", address, err)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !PublicAddress(ip) {
		return ErrPrivateTarget
	}
	return nil
}

// newClient is the delivery client: 10 s timeout, no redirects followed, no
// proxy from the environment (the address check must see the receiver), and
// unless allowPrivate, connections only to public addresses.
func newClient(allowPrivate bool) *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	if !allowPrivate {
		d.Control = guardControl
	}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          10,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: 10 * time.Second,
	}
	return &http.Client{Timeout: 10 * time.Second, Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// MaxURLLen is the longest webhook URL accepted.
const MaxURLLen = 2048

// CheckTarget is the early check of a webhook URL when it is saved: an
// absolute http(s) URL whose host, when written as an address (or
// "localhost"), is public unless allowPrivate. Names are checked again at
// every connection, after DNS resolution.
func CheckTarget(raw string, allowPrivate bool) error {
	if len(raw) > MaxURLLen {
		return fmt.Errorf("the webhook URL is %d characters long; at most %d are accepted", len(raw), MaxURLLen)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return errors.New("the webhook URL must be an absolute http:// or https:// URL without a user name or password")
	}
	if allowPrivate {
		return nil
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return ErrPrivateTarget
	}
	if ip, err := netip.ParseAddr(host); err == nil && !PublicAddress(ip) {
		return ErrPrivateTarget
	}
	return nil
}

// deliveryError is what the delivery log says about a failed attempt: whether
// the receiver answered and with which HTTP status, but not why a connection
// failed (refused, reset, timed out, unknown name, or a name that resolves to
// a private address all read the same), so the log can be used to scan
// neither ports, hosts nor internal names. The full error goes to the server log.
func deliveryError(err error) string {
	if errors.Is(err, context.Canceled) {
		return "not sent: refsync was stopping"
	}
	return "no HTTP answer from the receiver (it could not be reached, or did not answer in 10 s; " +
		"refsync reaches only public addresses unless REFSYNC_WEBHOOKS_ALLOW_PRIVATE=1)"
}

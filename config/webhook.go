package config

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strings"
)

// What an admin may configure as a webhook: its events and its address. These
// checks do no I/O, so the UI and the API use them without the delivery code
// (connector/webhook), which checks every connection again after DNS.

// Event names a webhook can subscribe to.
const (
	EventReferralCreated       = "referral.created"
	EventReferralStatusChanged = "referral.status_changed"
	EventEntryReview           = "entry.review"
)

// WebhookEvents lists every event name, in the order the UI shows them.
var WebhookEvents = []string{EventReferralCreated, EventReferralStatusChanged, EventEntryReview}

// ValidWebhookEvent reports whether name is an event a webhook can subscribe to.
func ValidWebhookEvent(name string) bool {
	for _, e := range WebhookEvents {
		if e == name {
			return true
		}
	}
	return false
}

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

// MaxWebhookURLLen is the longest webhook URL accepted.
const MaxWebhookURLLen = 2048

// CheckWebhookURL is the early check of a webhook URL when it is saved: an
// absolute http(s) URL whose host, when written as an address (or
// "localhost"), is public unless allowPrivate. Names are checked again at
// every connection, after DNS resolution.
func CheckWebhookURL(raw string, allowPrivate bool) error {
	if len(raw) > MaxWebhookURLLen {
		return fmt.Errorf("the webhook URL is %d characters long; at most %d are accepted", len(raw), MaxWebhookURLLen)
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

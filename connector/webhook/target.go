package webhook

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"

	"github.com/refsync/refsync/config"
)

// ErrPrivateTarget: the address dialled is on a private, loopback or
// link-local network while such targets are not allowed (config.ErrPrivateTarget).
var ErrPrivateTarget = config.ErrPrivateTarget

// guardControl is a net.Dialer Control func: it runs after DNS resolution, on
// the address actually dialled, so a name that resolves (or re-resolves) to a
// private address is refused as well.
func guardControl(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("webhook target %q: %w", address, err)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !config.PublicAddress(ip) {
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

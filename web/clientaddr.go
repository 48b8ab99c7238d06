package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// This file decides who a request's client is, for the per-client limits in limits.go. The direct
// peer (RemoteAddr) is the client unless it is one of the operator's trusted reverse proxies
// (Config.TrustedProxies); then the forwarding headers, which each proxy extends with the address of
// its own peer, are read from the right, the end the trusted proxies wrote, and the first address
// that is not itself a trusted proxy is the client. Anything left of it was written by the client
// or by proxies nobody vouches for, so it is never believed: a client cannot pick its own key.

// clientKey is the client's address as the limits count it: an IPv4 address, an IPv6 client's /64
// (the block one subscriber usually holds, so rotating addresses within it does not multiply the
// allowance), or RemoteAddr's host as written when it is not an IP address. The client is resolved
// through the trusted proxies' blocks, normalised as [New] does (maskedBlocks).
func clientKey(r *http.Request, trusted []netip.Prefix) string {
	host := peerHost(r.RemoteAddr)
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	return addrKey(resolveClient(normalAddr(peer), r.Header, trusted))
}

// peerHost returns the host of a RemoteAddr, or RemoteAddr itself when it has no port.
func peerHost(remote string) string {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		return remote
	}
	return host
}

// addrKey turns a client address into its limits key: IPv6 addresses are grouped by their /64.
func addrKey(a netip.Addr) string {
	if a.Is4() {
		return a.String()
	}
	return netip.PrefixFrom(a, 64).Masked().Addr().String() + "/64"
}

// normalAddr drops what would keep an address from matching a block: a zone, and the IPv6 form of
// an IPv4 address (::ffff:192.0.2.1, which a dual-stack listener reports for IPv4 peers).
func normalAddr(a netip.Addr) netip.Addr { return a.Unmap().WithZone("") }

// resolveClient returns the client for a request whose direct peer is peer. An untrusted peer is
// the client whatever its headers say. A trusted one relayed the request: the client is the
// right-most forwarded address that is not trusted, walking right to left; if every address is
// trusted, the left-most. An entry that is not an address (garbage, RFC 7239's "unknown" or an
// obfuscated "_name", a Forwarded element without for=) ends the walk: the trusted proxy right of it
// did not say who its peer was, so nothing further left can be vouched for, and that proxy's own
// address is the client. No usable header leaves the peer as the client.
func resolveClient(peer netip.Addr, h http.Header, trusted []netip.Prefix) netip.Addr {
	if !isTrusted(peer, trusted) {
		return peer
	}
	client := peer
	hops := forwardedHops(h)
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			return client
		}
		client = a
		if !isTrusted(a, trusted) {
			return a
		}
	}
	return client
}

// maskedBlocks returns a copy of blocks with their host bits cleared (10.1.2.3/8 is 10.0.0.0/8) and
// IPv4 addresses written as IPv6 (::ffff:10.0.0.0/104) turned into IPv4 blocks, the form clients'
// addresses are compared in.
func maskedBlocks(blocks []netip.Prefix) []netip.Prefix {
	out := make([]netip.Prefix, 0, len(blocks))
	for _, p := range blocks {
		a, bits := p.Addr(), p.Bits()
		if a.Is4In6() && bits >= 96 {
			a, bits = a.Unmap(), bits-96
		}
		out = append(out, netip.PrefixFrom(a.WithZone(""), bits).Masked())
	}
	return out
}

// isTrusted reports whether a is inside one of the trusted blocks.
func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// forwardedHops returns the forwarded chain, left (the original client, as claimed) to right (the
// peer of the proxy that connected to us). X-Forwarded-For takes precedence, being what nginx,
// Caddy, Traefik and HAProxy write; RFC 7239's Forwarded is read only when a request carries no
// X-Forwarded-For entry. Several header lines form one list, in order; empty list elements are
// ignored, as RFC 9110 asks.
func forwardedHops(h http.Header) []string {
	var hops []string
	for _, line := range h.Values("X-Forwarded-For") {
		for _, e := range strings.Split(line, ",") {
			if e = strings.TrimSpace(e); e != "" {
				hops = append(hops, e)
			}
		}
	}
	if len(hops) > 0 {
		return hops
	}
	for _, line := range h.Values("Forwarded") {
		// Each line is split on its own, so an unclosed quote cannot swallow the lines after it.
		for _, elem := range splitQuoted(line, ',') {
			if strings.TrimSpace(elem) != "" {
				hops = append(hops, forwardedFor(elem))
			}
		}
	}
	return hops
}

// forwardedFor returns the for= value of one Forwarded element (quotes removed), or "" when the
// element has none: that proxy did not say who its peer was.
func forwardedFor(elem string) string {
	for _, pair := range splitQuoted(elem, ';') {
		k, v, ok := strings.Cut(pair, "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "for") {
			continue
		}
		v = strings.TrimSpace(v)
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			v = strings.ReplaceAll(v[1:len(v)-1], `\`, "") // quoted-pairs: no address needs one
		}
		return v
	}
	return ""
}

// splitQuoted splits s at each sep outside a quoted-string (RFC 9110: "..." with \-escapes).
func splitQuoted(s string, sep byte) []string {
	var parts []string
	start, quoted := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && c == sep:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// parseHop parses one forwarded address: 192.0.2.1, 2001:db8::1, with or without a port
// (192.0.2.1:4711, [2001:db8::1]:4711), or bracketed without one ([2001:db8::1]).
func parseHop(s string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(s); err == nil {
		return normalAddr(a), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return normalAddr(ap.Addr()), true
	}
	if inner, ok := strings.CutPrefix(s, "["); ok {
		if inner, ok := strings.CutSuffix(inner, "]"); ok {
			if a, err := netip.ParseAddr(inner); err == nil && a.Is6() {
				return normalAddr(a), true
			}
		}
	}
	return netip.Addr{}, false
}

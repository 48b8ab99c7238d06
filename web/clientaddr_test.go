package web

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

// blocks parses addresses and CIDR blocks and normalises them as New does.
func blocks(tb testing.TB, list ...string) []netip.Prefix {
	tb.Helper()
	var out []netip.Prefix
	for _, s := range list {
		if !strings.Contains(s, "/") {
			a := netip.MustParseAddr(s)
			s += "/" + map[bool]string{true: "32", false: "128"}[a.Is4()]
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			tb.Fatalf("ParsePrefix(%q) = %v", s, err)
		}
		out = append(out, p)
	}
	return maskedBlocks(out)
}

// header builds a request header; each value of a name is a separate header line.
func header(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

func TestClientKey(t *testing.T) {
	proxies := blocks(t, "127.0.0.1", "10.1.2.3/8", "::1") // host bits in 10.1.2.3/8 are ignored
	const xff, fwd = "X-Forwarded-For", "Forwarded"
	tests := []struct {
		name    string
		trusted []netip.Prefix
		remote  string
		h       http.Header
		want    string
	}{
		// Forwarding headers from a peer that is not trusted are ignored: no spoofing.
		{"no trusted proxies: header ignored", nil, "127.0.0.1:5000", header(xff, "198.51.100.1"), "127.0.0.1"},
		{"untrusted peer: X-Forwarded-For ignored", proxies, "192.0.2.9:5000", header(xff, "198.51.100.1"), "192.0.2.9"},
		{"untrusted peer: Forwarded ignored", proxies, "192.0.2.9:5000", header(fwd, "for=198.51.100.1"), "192.0.2.9"},
		{"untrusted IPv6 peer keeps its /64", proxies, "[2001:db8:1:2::9]:5000", header(xff, "198.51.100.1"), "2001:db8:1:2::/64"},
		{"trusted peer, no header", proxies, "127.0.0.1:5000", header(), "127.0.0.1"},

		// A trusted peer's chain is read right to left up to the first address not trusted.
		{"one hop", proxies, "127.0.0.1:5000", header(xff, "203.0.113.9"), "203.0.113.9"},
		{"client's own entry left of the real one is ignored", proxies, "127.0.0.1:5000",
			header(xff, "198.51.100.1, 203.0.113.9, 10.0.0.2"), "203.0.113.9"},
		{"several header lines are one list", proxies, "127.0.0.1:5000",
			header(xff, "198.51.100.1", xff, "203.0.113.9"), "203.0.113.9"},
		{"every hop trusted: the left-most", proxies, "127.0.0.1:5000", header(xff, "10.0.0.5, 10.0.0.2"), "10.0.0.5"},
		{"host bits of a block ignored", proxies, "10.200.0.1:5000", header(xff, "203.0.113.9"), "203.0.113.9"},
		{"address with a port", proxies, "127.0.0.1:5000", header(xff, "203.0.113.9:4711"), "203.0.113.9"},
		{"empty list elements ignored", proxies, "127.0.0.1:5000", header(xff, " , ,203.0.113.9,"), "203.0.113.9"},

		// IPv6: peers, forwarded clients (grouped by /64), IPv4 seen through a dual-stack listener.
		{"IPv6 client", proxies, "127.0.0.1:5000", header(xff, "2001:db8:1:2::5"), "2001:db8:1:2::/64"},
		{"IPv6 client with a port", proxies, "127.0.0.1:5000", header(xff, "[2001:db8:1:2::5]:4711"), "2001:db8:1:2::/64"},
		{"IPv6 client in brackets", proxies, "127.0.0.1:5000", header(xff, "[2001:db8:1:2::5]"), "2001:db8:1:2::/64"},
		{"IPv6 trusted peer", proxies, "[::1]:5000", header(xff, "203.0.113.9"), "203.0.113.9"},
		{"IPv4-mapped trusted peer", proxies, "[::ffff:127.0.0.1]:5000", header(xff, "203.0.113.9"), "203.0.113.9"},
		{"IPv4-mapped forwarded client", proxies, "127.0.0.1:5000", header(xff, "::ffff:203.0.113.9"), "203.0.113.9"},

		// Malformed entries are never a key, and nothing left of one is believed.
		{"garbage only", proxies, "127.0.0.1:5000", header(xff, "garbage"), "127.0.0.1"},
		{"garbage behind a trusted hop", proxies, "127.0.0.1:5000", header(xff, "198.51.100.1, garbage, 10.0.0.2"), "10.0.0.2"},
		{"garbage left of the real client", proxies, "127.0.0.1:5000", header(xff, "garbage, 203.0.113.9"), "203.0.113.9"},
		{"unknown", proxies, "127.0.0.1:5000", header(xff, "198.51.100.1, unknown"), "127.0.0.1"},
		{"leading zeros", proxies, "127.0.0.1:5000", header(xff, "198.51.100.1, 010.0.0.1"), "127.0.0.1"},
		{"empty header", proxies, "127.0.0.1:5000", header(xff, ""), "127.0.0.1"},
		{"peer that is not an IP address", proxies, "pipe", header(xff, "203.0.113.9"), "pipe"},

		// RFC 7239 Forwarded, read only without X-Forwarded-For.
		{"Forwarded", proxies, "127.0.0.1:5000",
			header(fwd, `for=198.51.100.1;proto=http;by=203.0.113.43, For="[2001:db8:cafe::17]:4711"`), "2001:db8:cafe::/64"},
		{"Forwarded, quoted IPv4", proxies, "127.0.0.1:5000", header(fwd, `for="203.0.113.9"`), "203.0.113.9"},
		{"Forwarded, every hop trusted", proxies, "127.0.0.1:5000", header(fwd, "for=10.0.0.5, for=10.0.0.2"), "10.0.0.5"},
		{"Forwarded, obfuscated", proxies, "127.0.0.1:5000", header(fwd, `for=198.51.100.1, for="_gazonk"`), "127.0.0.1"},
		{"Forwarded, element without for", proxies, "127.0.0.1:5000", header(fwd, "for=198.51.100.1, proto=https"), "127.0.0.1"},
		{"Forwarded, quoted separators stay in their element", proxies, "127.0.0.1:5000",
			header(fwd, `for=203.0.113.9;ext="a, for=198.51.100.1"`), "203.0.113.9"},
		{"Forwarded, an unclosed quote is confined to its line", proxies, "127.0.0.1:5000",
			header(fwd, `for="198.51.100.1`, fwd, "for=203.0.113.9"), "203.0.113.9"},
		{"X-Forwarded-For takes precedence", proxies, "127.0.0.1:5000",
			header(fwd, "for=198.51.100.1", xff, "203.0.113.9"), "203.0.113.9"},
		{"Forwarded when X-Forwarded-For is empty", proxies, "127.0.0.1:5000",
			header(xff, " ", fwd, "for=203.0.113.9"), "203.0.113.9"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr, r.Header = tt.remote, tt.h
		if got := clientKey(r, tt.trusted); got != tt.want {
			t.Errorf("%s: clientKey(peer %s, %v) = %q, want %q", tt.name, tt.remote, tt.h, got, tt.want)
		}
	}
}

// Whatever the headers say, an untrusted peer is its own key, and a trusted peer's key is its own or
// that of an address written in the headers: a client never gets a key out of thin air, and
// parsing never panics.
func FuzzClientKey(f *testing.F) {
	f.Add("127.0.0.1:1", "198.51.100.1, 10.0.0.2", `for="[2001:db8::1]:80";proto=https`)
	f.Add("[::1]:1", "", `for=unknown, for="\"x`)
	f.Add("192.0.2.1:1", "[2001:db8::1]:80", "")
	proxies := blocks(f, "127.0.0.1", "10.0.0.0/8", "::1")
	f.Fuzz(func(t *testing.T, remote, xff, fwd string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote
		r.Header = header("X-Forwarded-For", xff, "Forwarded", fwd)
		got := clientKey(r, proxies)
		if own := clientKey(r, nil); got != own {
			peer, err := netip.ParseAddr(peerHost(remote))
			if err != nil || !isTrusted(normalAddr(peer), proxies) {
				t.Fatalf("untrusted peer %q got key %q from its headers, want %q", remote, got, own)
			}
			written := map[string]bool{}
			for _, hop := range forwardedHops(r.Header) {
				if a, ok := parseHop(hop); ok {
					written[addrKey(a)] = true
				}
			}
			if !written[got] {
				t.Errorf("key %q is not an address of the forwarded chain (%q, %q)", got, xff, fwd)
			}
		}
	})
}

// Package loopback holds the checks that keep the stand-in provider and the
// fake API on the loopback interface: neither may ever reach real Cloudflare.
package loopback

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// IsLoopbackHost reports whether host (no port, brackets allowed) is
// "localhost" or a loopback IP literal (127.0.0.0/8, ::1).
func IsLoopbackHost(host string) bool {
	h := strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// CheckBaseURL accepts only http(s) URLs whose host is loopback.
func CheckBaseURL(raw string) (*url.URL, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, fmt.Errorf("no base URL is configured")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("base URL %q does not parse: %v", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("base URL %q must use http or https", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("base URL %q must not carry user info", raw)
	}
	if !IsLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("base URL %q: host %q is not loopback (allowed: 127.0.0.1, ::1, localhost)", raw, u.Hostname())
	}
	return u, nil
}

// CheckListenAddr accepts host:port listen addresses whose host is loopback.
func CheckListenAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("listen address %q: %v", addr, err)
	}
	if !IsLoopbackHost(host) {
		return fmt.Errorf("listen address %q is not loopback (allowed hosts: 127.0.0.1, ::1, localhost)", addr)
	}
	return nil
}

// CheckDialAddr accepts a resolved host:port only if the host is a loopback IP.
func CheckDialAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("refusing to connect to %s: not a loopback address", addr)
	}
	return nil
}

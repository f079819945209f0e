// Package cfclient is the stand-in provider's minimal HTTP client for the
// Cloudflare v4 API envelope. It only ever connects to loopback addresses.
package cfclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"lq3/cloudflare-standin/internal/loopback"
)

// Config is what the provider resolved from its configuration and environment.
type Config struct {
	BaseURL        string // required; loopback only
	APIToken       string // sent as Authorization: Bearer
	APIKey         string // sent as X-Auth-Key
	Email          string // sent as X-Auth-Email
	UserServiceKey string // sent as X-Auth-User-Service-Key
	UserAgent      string
}

// Client talks to the (fake) API.
type Client struct {
	base    *url.URL
	http    *http.Client
	headers http.Header
}

// New validates the base URL (loopback only) and builds a client whose
// transport refuses to dial anything that is not a loopback IP and ignores
// proxy settings from the environment.
func New(cfg Config) (*Client, error) {
	u, err := loopback.CheckBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	dialer := &net.Dialer{Timeout: 30 * time.Second, Control: func(network, address string, _ syscall.RawConn) error {
		// Called with the resolved address, so "localhost" resolving elsewhere is refused too.
		return loopback.CheckDialAddr(address)
	}}
	transport := &http.Transport{Proxy: nil, DialContext: dialer.DialContext, MaxIdleConnsPerHost: 8}
	hc := &http.Client{Transport: transport, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		if !loopback.IsLoopbackHost(req.URL.Hostname()) {
			return fmt.Errorf("refusing redirect to non-loopback %s", req.URL.Redacted())
		}
		return nil
	}}
	h := http.Header{}
	if cfg.APIToken != "" {
		h.Set("Authorization", "Bearer "+cfg.APIToken)
	}
	if cfg.APIKey != "" {
		h.Set("X-Auth-Key", cfg.APIKey)
	}
	if cfg.Email != "" {
		h.Set("X-Auth-Email", cfg.Email)
	}
	if cfg.UserServiceKey != "" {
		h.Set("X-Auth-User-Service-Key", cfg.UserServiceKey)
	}
	if cfg.UserAgent != "" {
		h.Set("User-Agent", cfg.UserAgent)
	}
	return &Client{base: u, http: hc, headers: h}, nil
}

// ErrorItem is one entry of the envelope's errors.
type ErrorItem struct {
	Code       int         `json:"code"`
	Message    string      `json:"message"`
	ErrorChain []ErrorItem `json:"error_chain,omitempty"`
}

// Error is a non-2xx answer, formatted like the real Go SDK's errors:
// METHOD "URL": STATUS TEXT BODY
type Error struct {
	Method     string
	URL        string
	StatusCode int
	Body       string
	Errors     []ErrorItem
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s %q: %d %s %s", e.Method, e.URL, e.StatusCode, http.StatusText(e.StatusCode), strings.TrimSpace(e.Body))
}

// IsNotFound reports whether err is an API answer with status 404.
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.StatusCode == http.StatusNotFound
}

// Response is a successful envelope.
type Response struct {
	Result     json.RawMessage `json:"result"`
	ResultInfo json.RawMessage `json:"result_info"`
	Success    bool            `json:"success"`
}

// Do sends one request; path is relative to the base URL (e.g. "zones/ID/dns_records").
func (c *Client) Do(ctx context.Context, method, path string, query url.Values, body []byte) (*Response, error) {
	ref := &url.URL{Path: strings.TrimPrefix(path, "/")}
	if len(query) > 0 {
		ref.RawQuery = query.Encode()
	}
	u := c.base.ResolveReference(ref)
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return nil, err
	}
	for k, v := range c.headers {
		req.Header[k] = append([]string(nil), v...)
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 32<<20))
	if err != nil {
		return nil, fmt.Errorf("%s %q: reading response: %w", method, u.String(), err)
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		e := &Error{Method: method, URL: u.String(), StatusCode: res.StatusCode, Body: string(raw)}
		var env struct {
			Errors []ErrorItem `json:"errors"`
		}
		if json.Unmarshal(raw, &env) == nil {
			e.Errors = env.Errors
		}
		return nil, e
	}
	var out Response
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("%s %q: response is not a v4 envelope: %w", method, u.String(), err)
	}
	return &out, nil
}

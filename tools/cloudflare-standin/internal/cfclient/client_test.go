package cfclient

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"lq3/cloudflare-standin/internal/fakeapi"
)

func TestNewRefusesNonLoopback(t *testing.T) {
	for _, u := range []string{"", "https://api.cloudflare.com/client/v4", "http://192.0.2.1/client/v4"} {
		if _, err := New(Config{BaseURL: u, APIToken: "x"}); err == nil {
			t.Errorf("New(%q) must fail", u)
		}
	}
}

func TestDoAgainstFake(t *testing.T) {
	srv, err := fakeapi.Start("127.0.0.1:0", fakeapi.Options{Token: "tok", Zones: []fakeapi.ZoneSpec{{Name: "example.com"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	c, err := New(Config{BaseURL: srv.BaseURL, APIToken: "tok"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Do(context.Background(), http.MethodGet, "zones", map[string][]string{"name": {"example.com"}}, nil)
	if err != nil || !res.Success || !strings.Contains(string(res.Result), `"name":"example.com"`) {
		t.Fatalf("zones: %v %+v", err, res)
	}

	_, err = c.Do(context.Background(), http.MethodGet, "zones/0123/dns_records/abc", nil, nil)
	if !IsNotFound(err) {
		t.Fatalf("want 404, got %v", err)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, `GET "`+srv.BaseURL+`/zones/0123/dns_records/abc": 404 Not Found {`) {
		t.Fatalf("error format: %s", msg)
	}

	bad, _ := New(Config{BaseURL: srv.BaseURL, APIToken: "wrong"})
	_, err = bad.Do(context.Background(), http.MethodGet, "zones", nil, nil)
	var apiErr *Error
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("want 401, got %v", err)
	}
	if e, ok := err.(*Error); ok {
		apiErr = e
	}
	if apiErr == nil || len(apiErr.Errors) != 1 || apiErr.Errors[0].Code != 10000 {
		t.Fatalf("errors: %+v", apiErr)
	}

	// "localhost" is accepted as a name, but the dialer only connects to loopback IPs.
	lc, err := New(Config{BaseURL: strings.Replace(srv.BaseURL, "127.0.0.1", "localhost", 1), APIToken: "tok"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lc.Do(context.Background(), http.MethodGet, "ips", nil, nil); err != nil {
		t.Fatalf("via localhost: %v", err)
	}
}

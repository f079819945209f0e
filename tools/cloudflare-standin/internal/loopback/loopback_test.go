package loopback

import "testing"

func TestCheckBaseURL(t *testing.T) {
	for _, ok := range []string{"http://127.0.0.1:8080/client/v4", "http://localhost:1/client/v4", "http://[::1]:9/x", "https://127.0.0.2/client/v4"} {
		if _, err := CheckBaseURL(ok); err != nil {
			t.Errorf("CheckBaseURL(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", "https://api.cloudflare.com/client/v4", "http://10.0.0.1/client/v4", "http://127.0.0.1.nip.io/",
		"http://0.0.0.0:80/", "ftp://127.0.0.1/", "http://user:pw@127.0.0.1/", "127.0.0.1:8080", "http://[::]/", "http://localhost.example.com/"} {
		if _, err := CheckBaseURL(bad); err == nil {
			t.Errorf("CheckBaseURL(%q) must fail", bad)
		}
	}
}

func TestCheckListenAndDial(t *testing.T) {
	for _, ok := range []string{"127.0.0.1:0", "localhost:8080", "[::1]:0"} {
		if err := CheckListenAddr(ok); err != nil {
			t.Errorf("CheckListenAddr(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{":0", "0.0.0.0:0", "[::]:0", "192.168.1.1:80", "127.0.0.1"} {
		if err := CheckListenAddr(bad); err == nil {
			t.Errorf("CheckListenAddr(%q) must fail", bad)
		}
	}
	if err := CheckDialAddr("127.0.0.1:443"); err != nil {
		t.Error(err)
	}
	for _, bad := range []string{"104.16.132.229:443", "[2606:4700::6810:84e5]:443", "localhost:80"} {
		if err := CheckDialAddr(bad); err == nil {
			t.Errorf("CheckDialAddr(%q) must fail", bad)
		}
	}
}

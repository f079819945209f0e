package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// When re-executed by TestBinary, the test binary behaves as the command.
func TestMain(m *testing.M) {
	if os.Getenv("FAKE_CLOUDFLARE_API_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

func TestRefusals(t *testing.T) {
	t.Setenv("CLOUDFLARE_API_TOKEN", "")
	for _, args := range [][]string{
		{"--token", "t", "--listen", "0.0.0.0:0"},
		{"--token", "t", "--listen", ":0"},
		{"--token", "t", "--listen", "192.0.2.10:8080"},
		{"--listen", "127.0.0.1:0"}, // no token
		{"--token", "t", "--zone", "not a zone"},
		{"--token", "t", "extra"},
	} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code == 0 || out.Len() != 0 {
			t.Errorf("run(%q) = %d, stdout %q; want a refusal", args, code, out.String())
		}
	}
}

// TestBinary runs the command as a process: one ready line, a working API,
// and exit status 0 on SIGTERM.
func TestBinary(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "--token", "tok", "--zone", "lq3.example.com", "--zone", "big.example=enterprise", "--quiet")
			cmd.Env = append(os.Environ(), "FAKE_CLOUDFLARE_API_RUN_MAIN=1")
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
			rd := bufio.NewReader(stdout)
			line, err := rd.ReadString('\n')
			if err != nil {
				t.Fatalf("no ready line: %v (stderr: %s)", err, stderr.String())
			}
			url := strings.TrimSuffix(strings.TrimPrefix(line, "listening on "), "\n")
			if !strings.HasPrefix(line, "listening on http://127.0.0.1:") || strings.Contains(url, " ") {
				t.Fatalf("ready line %q", line)
			}
			req, _ := http.NewRequest("GET", url+"/client/v4/zones?name=lq3.example.com", nil)
			req.Header.Set("Authorization", "Bearer tok")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var env struct {
				Success bool             `json:"success"`
				Result  []map[string]any `json:"result"`
			}
			_ = json.NewDecoder(res.Body).Decode(&env)
			res.Body.Close()
			if !env.Success || len(env.Result) != 1 {
				t.Fatalf("zones answer: %+v", env)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			if err := cmd.Wait(); err != nil {
				t.Fatalf("exit after %s: %v (stderr: %s)", sig, err, stderr.String())
			}
			rest, _ := rd.ReadString(0)
			if rest != "" {
				t.Fatalf("stdout must hold only the ready line, also got %q", rest)
			}
		})
	}
}

package fakeapi

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"lq3/cloudflare-standin/internal/loopback"
)

// Running is a fake API serving on a loopback listener.
type Running struct {
	*Server
	URL     string // e.g. http://127.0.0.1:41234 (no path)
	BaseURL string // URL + APIPrefix: what the provider's base_url should be
	srv     *http.Server
	done    chan error

	mu       sync.Mutex
	newConns map[net.Conn]bool // accepted connections that have not sent a request yet
}

// Start listens on addr (loopback only; "127.0.0.1:0" picks a free port) and serves in the background.
func Start(addr string, opts Options) (*Running, error) {
	if err := loopback.CheckListenAddr(addr); err != nil {
		return nil, err
	}
	s, err := NewServer(opts)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	tcp := ln.Addr().(*net.TCPAddr)
	if !tcp.IP.IsLoopback() {
		ln.Close()
		return nil, fmt.Errorf("listener bound to non-loopback address %s", tcp)
	}
	url := "http://" + tcp.String()
	r := &Running{Server: s, URL: url, BaseURL: url + APIPrefix, done: make(chan error, 1), newConns: map[net.Conn]bool{}}
	r.srv = &http.Server{Handler: s, ReadHeaderTimeout: time.Minute, ConnState: r.trackConn}
	go func() {
		err := r.srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		r.done <- err
	}()
	return r, nil
}

func (r *Running) trackConn(c net.Conn, state http.ConnState) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if state == http.StateNew {
		r.newConns[c] = true
	} else {
		delete(r.newConns, c)
	}
}

// Close shuts the server down, waiting for in-flight requests. Connections a
// client opened but never used (http.Server.Shutdown would wait 5 s for them)
// are closed at once.
func (r *Running) Close() error {
	shut := make(chan error, 1)
	go func() { shut <- r.srv.Shutdown(context.Background()) }()
	r.mu.Lock()
	for c := range r.newConns {
		_ = c.Close()
	}
	r.mu.Unlock()
	err := <-shut
	if serr := <-r.done; err == nil {
		err = serr
	}
	return err
}

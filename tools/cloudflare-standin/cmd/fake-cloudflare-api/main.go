// Command fake-cloudflare-api serves a FAKE Cloudflare v4 API on loopback, for
// tests of the stand-in Terraform provider. It is a test double: it never talks
// to Cloudflare and cannot listen on anything but a loopback address.
//
//	fake-cloudflare-api --token TOKEN --zone example.com [--zone big.example=enterprise] [--listen 127.0.0.1:0]
//
// When ready it prints exactly one line to stdout, "listening on http://127.0.0.1:<port>";
// the provider's base URL is that URL plus /client/v4. SIGINT/SIGTERM stop it (exit 0).
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"lq3/cloudflare-standin/internal/fakeapi"
)

type zoneFlags []fakeapi.ZoneSpec

func (z *zoneFlags) String() string {
	parts := make([]string, 0, len(*z))
	for _, s := range *z {
		parts = append(parts, s.Name+"="+string(s.Plan))
	}
	return strings.Join(parts, ",")
}

func (z *zoneFlags) Set(v string) error {
	spec, err := fakeapi.ParseZoneSpec(v)
	if err != nil {
		return err
	}
	*z = append(*z, spec)
	return nil
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fake-cloudflare-api", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:0", "loopback host:port to listen on (port 0 picks a free port)")
	token := fs.String("token", "", "API token clients must send as 'Authorization: Bearer <token>' (default $CLOUDFLARE_API_TOKEN)")
	quiet := fs.Bool("quiet", false, "do not log requests to stderr")
	var zones zoneFlags
	fs.Var(&zones, "zone", "zone to seed, NAME or NAME=PLAN (PLAN: free, pro, business, enterprise; default free); repeatable")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "fake-cloudflare-api: unexpected arguments: %v\n", fs.Args())
		return 2
	}
	if *token == "" {
		*token = os.Getenv("CLOUDFLARE_API_TOKEN")
	}
	if *token == "" {
		fmt.Fprintln(stderr, "fake-cloudflare-api: --token (or CLOUDFLARE_API_TOKEN) is required")
		return 2
	}
	opts := fakeapi.Options{Token: *token, Zones: zones}
	if !*quiet {
		opts.Logger = log.New(stderr, "fake-cloudflare-api: ", log.LstdFlags)
	}
	// Subscribe before listening so a signal sent right after the ready line is not lost.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)

	srv, err := fakeapi.Start(*listen, opts)
	if err != nil {
		fmt.Fprintf(stderr, "fake-cloudflare-api: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "listening on %s\n", srv.URL)
	if f, ok := stdout.(*os.File); ok {
		_ = f.Sync()
	}
	sig := <-sigs
	if opts.Logger != nil {
		opts.Logger.Printf("received %s, shutting down", sig)
	}
	if err := srv.Close(); err != nil {
		fmt.Fprintf(stderr, "fake-cloudflare-api: shutdown: %v\n", err)
		return 1
	}
	return 0
}

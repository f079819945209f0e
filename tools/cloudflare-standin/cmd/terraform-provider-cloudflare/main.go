// Command terraform-provider-cloudflare is a STAND-IN for the
// cloudflare/cloudflare Terraform provider, version 5.14.0 schemas, for tests
// only. It talks to the fake Cloudflare API (cmd/fake-cloudflare-api) on
// loopback and refuses any other base URL; it never contacts real Cloudflare.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"lq3/cloudflare-standin/internal/provider"
)

// version is what the stand-in reports to Terraform (the upstream version whose schemas it mirrors).
var version = "5.14.0"

func main() {
	debug := flag.Bool("debug", false, "run with support for debuggers (prints TF_REATTACH_PROVIDERS)")
	flag.Parse()
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         provider.Address,
		Debug:           *debug,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err)
	}
}

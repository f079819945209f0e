package provider

import (
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The expected shapes below were read off the upstream v5.14.0 sources
// (internal/services/{dns_record,zone,ip_ranges}/*schema.go and
// internal/provider.go): R = required, O = optional, C = computed.

var wantDNSRecord = map[string]string{
	"id": "C", "zone_id": "R", "comment": "O", "content": "OC", "priority": "O", "type": "R", "data": "O",
	"proxied": "OC", "ttl": "R", "tags": "OC", "settings": "OC", "comment_modified_on": "C", "created_on": "C",
	"modified_on": "C", "proxiable": "C", "tags_modified_on": "C", "meta": "C", "name": "R",
}

var wantDNSRecordData = []string{"flags", "tag", "value", "algorithm", "certificate", "key_tag", "type", "protocol",
	"public_key", "digest", "digest_type", "priority", "target", "altitude", "lat_degrees", "lat_direction",
	"lat_minutes", "lat_seconds", "long_degrees", "long_direction", "long_minutes", "long_seconds",
	"precision_horz", "precision_vert", "size", "order", "preference", "regex", "replacement", "service",
	"matching_type", "selector", "usage", "port", "weight", "fingerprint"}

var dnsRecordDataStrings = "tag value certificate public_key digest target lat_direction long_direction regex replacement service fingerprint"

var wantZone = map[string]string{
	"id": "C", "zone_id": "OC", "activated_on": "C", "cname_suffix": "C", "created_on": "C", "development_mode": "C",
	"modified_on": "C", "name": "C", "original_dnshost": "C", "original_registrar": "C", "paused": "C", "status": "C",
	"type": "C", "verification_key": "C", "name_servers": "C", "original_name_servers": "C", "permissions": "C",
	"vanity_name_servers": "C", "account": "C", "meta": "C", "owner": "C", "plan": "C", "tenant": "C",
	"tenant_unit": "C", "filter": "O",
}

var wantZoneNested = map[string]map[string]string{
	"account":     {"id": "C", "name": "C"},
	"meta":        {"cdn_only": "C", "custom_certificate_quota": "C", "dns_only": "C", "foundation_dns": "C", "page_rule_quota": "C", "phishing_detected": "C", "step": "C"},
	"owner":       {"id": "C", "name": "C", "type": "C"},
	"plan":        {"id": "C", "can_subscribe": "C", "currency": "C", "externally_managed": "C", "frequency": "C", "is_subscribed": "C", "legacy_discount": "C", "legacy_id": "C", "name": "C", "price": "C"},
	"tenant":      {"id": "C", "name": "C"},
	"tenant_unit": {"id": "C"},
	"filter":      {"account": "O", "direction": "O", "match": "OC", "name": "O", "order": "O", "status": "O"},
}

var wantIPRanges = map[string]string{"networks": "O", "etag": "C", "ipv4_cidrs": "C", "ipv6_cidrs": "C", "jdcloud_cidrs": "C"}

var wantProvider = map[string]string{"email": "O", "api_key": "O", "api_token": "O", "api_user_service_key": "O", "user_agent_operator_suffix": "O", "base_url": "O"}

func flags(a *tfprotov6.SchemaAttribute) string {
	s := ""
	if a.Required {
		s += "R"
	}
	if a.Optional {
		s += "O"
	}
	if a.Computed {
		s += "C"
	}
	return s
}

func checkAttrs(t *testing.T, what string, attrs []*tfprotov6.SchemaAttribute, want map[string]string) map[string]*tfprotov6.SchemaAttribute {
	t.Helper()
	return checkSensitiveAttrs(t, what, attrs, want, nil)
}

// checkSensitiveAttrs is checkAttrs for a type whose `sensitive` attributes are named.
func checkSensitiveAttrs(t *testing.T, what string, attrs []*tfprotov6.SchemaAttribute, want map[string]string, sensitive map[string]bool) map[string]*tfprotov6.SchemaAttribute {
	t.Helper()
	got := map[string]*tfprotov6.SchemaAttribute{}
	for _, a := range attrs {
		got[a.Name] = a
		w, ok := want[a.Name]
		if !ok {
			t.Errorf("%s: unexpected attribute %q", what, a.Name)
			continue
		}
		if f := flags(a); f != w {
			t.Errorf("%s.%s: flags %s, want %s", what, a.Name, f, w)
		}
		if a.Sensitive != sensitive[a.Name] {
			t.Errorf("%s.%s: sensitive %v, upstream %v", what, a.Name, a.Sensitive, sensitive[a.Name])
		}
	}
	for name := range want {
		if _, ok := got[name]; !ok {
			t.Errorf("%s: missing attribute %q", what, name)
		}
	}
	return got
}

func TestSchemasMirrorUpstream(t *testing.T) {
	_, schemas := newServer(t)
	if len(schemas.ResourceSchemas) != 6 || len(schemas.DataSourceSchemas) != 2 {
		t.Fatalf("types: %d resources, %d data sources", len(schemas.ResourceSchemas), len(schemas.DataSourceSchemas))
	}

	checkAttrs(t, "provider", schemas.Provider.Block.Attributes, wantProvider)

	rec := checkAttrs(t, "cloudflare_dns_record", schemas.ResourceSchemas["cloudflare_dns_record"].Block.Attributes, wantDNSRecord)
	for name, typ := range map[string]tftypes.Type{"ttl": tftypes.Number, "priority": tftypes.Number, "proxied": tftypes.Bool,
		"proxiable": tftypes.Bool, "meta": tftypes.String, "tags": tftypes.Set{ElementType: tftypes.String}} {
		if !rec[name].Type.Equal(typ) {
			t.Errorf("cloudflare_dns_record.%s: type %s, want %s", name, rec[name].Type, typ)
		}
	}
	data := rec["data"].NestedType
	if data == nil || data.Nesting != tfprotov6.SchemaObjectNestingModeSingle {
		t.Fatalf("data must be a single nested attribute")
	}
	wantData := map[string]string{}
	for _, n := range wantDNSRecordData {
		wantData[n] = "O"
	}
	for name, a := range checkAttrs(t, "cloudflare_dns_record.data", data.Attributes, wantData) {
		var want tftypes.Type = tftypes.Number
		switch {
		case name == "flags":
			want = tftypes.DynamicPseudoType
		case strings.Contains(" "+dnsRecordDataStrings+" ", " "+name+" "):
			want = tftypes.String
		}
		if !a.Type.Equal(want) {
			t.Errorf("cloudflare_dns_record.data.%s: type %s, want %s", name, a.Type, want)
		}
	}
	settings := rec["settings"].NestedType
	checkAttrs(t, "cloudflare_dns_record.settings", settings.Attributes, map[string]string{"ipv4_only": "OC", "ipv6_only": "OC", "flatten_cname": "OC"})

	zone := checkAttrs(t, "data.cloudflare_zone", schemas.DataSourceSchemas["cloudflare_zone"].Block.Attributes, wantZone)
	for name, want := range wantZoneNested {
		if zone[name] == nil || zone[name].NestedType == nil {
			t.Errorf("data.cloudflare_zone.%s must be a nested attribute", name)
			continue
		}
		checkAttrs(t, "data.cloudflare_zone."+name, zone[name].NestedType.Attributes, want)
	}
	if !zone["development_mode"].Type.Equal(tftypes.Number) || !zone["name_servers"].Type.Equal(tftypes.List{ElementType: tftypes.String}) {
		t.Errorf("zone attribute types: %s %s", zone["development_mode"].Type, zone["name_servers"].Type)
	}
	if !zone["permissions"].Deprecated || !zone["plan"].Deprecated {
		t.Error("permissions and plan are deprecated upstream")
	}

	checkAttrs(t, "data.cloudflare_ip_ranges", schemas.DataSourceSchemas["cloudflare_ip_ranges"].Block.Attributes, wantIPRanges)

	var names []string
	for n := range schemas.ResourceSchemas {
		names = append(names, "resource."+n)
	}
	for n := range schemas.DataSourceSchemas {
		names = append(names, "data."+n)
	}
	sort.Strings(names)
	if strings.Join(names, ",") != "data.cloudflare_ip_ranges,data.cloudflare_zone,resource.cloudflare_authenticated_origin_pulls_settings,"+
		"resource.cloudflare_dns_record,resource.cloudflare_zero_trust_access_application,resource.cloudflare_zero_trust_access_policy,"+
		"resource.cloudflare_zero_trust_access_service_token,resource.cloudflare_zone_setting" {
		t.Fatalf("types: %v", names)
	}
}

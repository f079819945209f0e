package fakeapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"net/http"
	"sort"
	"strings"
)

// ErrorItem is one entry of a Cloudflare v4 "errors" array.
type ErrorItem struct {
	Code       int         `json:"code"`
	Message    string      `json:"message"`
	ErrorChain []ErrorItem `json:"error_chain,omitempty"`
}

// APIError is an error answer: an HTTP status and the envelope's errors.
type APIError struct {
	Status int
	Errors []ErrorItem
}

func (e *APIError) Error() string {
	parts := make([]string, 0, len(e.Errors))
	for _, it := range e.Errors {
		s := fmt.Sprintf("%d: %s", it.Code, it.Message)
		for _, c := range it.ErrorChain {
			s += fmt.Sprintf(" (%d: %s)", c.Code, c.Message)
		}
		parts = append(parts, s)
	}
	return fmt.Sprintf("HTTP %d: %s", e.Status, strings.Join(parts, "; "))
}

func apiErr(status, code int, msg string) *APIError {
	return &APIError{Status: status, Errors: []ErrorItem{{Code: code, Message: msg}}}
}

// dnsValidation is the shape Cloudflare uses for record validation failures:
// code 1004 with the specific reason in error_chain.
func dnsValidation(code int, format string, args ...any) *APIError {
	return &APIError{Status: http.StatusBadRequest, Errors: []ErrorItem{{
		Code:       1004,
		Message:    "DNS Validation Error",
		ErrorChain: []ErrorItem{{Code: code, Message: fmt.Sprintf(format, args...)}},
	}}}
}

func errZoneNotFound(id string) *APIError {
	return apiErr(http.StatusNotFound, 7003,
		fmt.Sprintf("Could not route to /zones/%s, perhaps your object identifier is invalid?", id))
}

func errRecordNotFound() *APIError {
	return apiErr(http.StatusNotFound, 81044, "Record does not exist.")
}

const sameNameDoc = "For more details, refer to <https://developers.cloudflare.com/dns/manage-dns-records/troubleshooting/records-with-same-name/>."

// Error codes and messages of the real API that the fake reproduces.
const (
	CodeTTL              = 9021
	CodeNotProxiable     = 9004
	CodeTargetNotAllowed = 9003
	CodeInvalidA         = 9005
	CodeInvalidAAAA      = 9006
	CodeAddressOrCNAME   = 81053
	CodeCNAMEExists      = 81054
	CodeIdentical        = 81058
	// Stand-in choices (the real API's exact codes for these were not verified).
	CodeInvalidType    = 9000
	CodeInvalidName    = 9007
	CodeNameNotInZone  = 9207
	CodeInvalidContent = 9008
	CodeInvalidField   = 9009
)

// RecordTypes are the record types the v5 provider's schema accepts.
var RecordTypes = []string{"A", "AAAA", "CNAME", "MX", "NS", "OPENPGPKEY", "PTR", "TXT", "CAA", "CERT",
	"DNSKEY", "DS", "HTTPS", "LOC", "NAPTR", "SMIMEA", "SRV", "SSHFP", "SVCB", "TLSA", "URI"}

// dataTypes carry their value in "data" rather than "content".
var dataTypes = map[string]bool{"CAA": true, "CERT": true, "DNSKEY": true, "DS": true, "HTTPS": true,
	"LOC": true, "NAPTR": true, "SMIMEA": true, "SRV": true, "SSHFP": true, "SVCB": true, "TLSA": true, "URI": true}

func proxiableType(t string) bool { return t == "A" || t == "AAAA" || t == "CNAME" }

// RecordInput is a request body for create/update, with key presence kept
// (absent and null differ for PATCH).
type RecordInput struct {
	Fields map[string]json.RawMessage
}

// ParseRecordInput decodes a JSON object body.
func ParseRecordInput(body []byte) (RecordInput, *APIError) {
	var m map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil || m == nil {
		return RecordInput{}, apiErr(http.StatusBadRequest, 9207, "Request body is invalid.")
	}
	return RecordInput{Fields: m}, nil
}

// mergedOnto overlays a PATCH body on the stored record's fields.
func (in RecordInput) mergedOnto(old *Record) RecordInput {
	base := map[string]json.RawMessage{}
	raw, _ := json.Marshal(recordView(*old))
	_ = json.Unmarshal(raw, &base)
	for k, v := range in.Fields {
		base[k] = v
	}
	return RecordInput{Fields: base}
}

func (in RecordInput) has(key string) bool {
	v, ok := in.Fields[key]
	return ok && !isJSONNull(v)
}

func isJSONNull(v json.RawMessage) bool {
	return len(bytes.TrimSpace(v)) == 0 || string(bytes.TrimSpace(v)) == "null"
}

func (in RecordInput) str(key string) (*string, *APIError) {
	if !in.has(key) {
		return nil, nil
	}
	var s string
	if err := json.Unmarshal(in.Fields[key], &s); err != nil {
		return nil, dnsValidation(CodeInvalidField, "%s must be a string.", key)
	}
	return &s, nil
}

func (in RecordInput) num(key string) (*float64, *APIError) {
	if !in.has(key) {
		return nil, nil
	}
	var f float64
	if err := json.Unmarshal(in.Fields[key], &f); err != nil {
		return nil, dnsValidation(CodeInvalidField, "%s must be a number.", key)
	}
	return &f, nil
}

func (in RecordInput) boolean(key string) (*bool, *APIError) {
	if !in.has(key) {
		return nil, nil
	}
	var b bool
	if err := json.Unmarshal(in.Fields[key], &b); err != nil {
		return nil, dnsValidation(CodeInvalidField, "%s must be a boolean.", key)
	}
	return &b, nil
}

// buildRecord validates the input against the zone's rules and builds the record to store.
func buildRecord(z *Zone, in RecordInput, _ *Record) (*Record, *APIError) {
	r := &Record{ZoneID: z.ID, ZoneName: z.Name, TTL: 1}

	typ, e := in.str("type")
	if e != nil {
		return nil, e
	}
	if typ == nil || *typ == "" {
		return nil, dnsValidation(CodeInvalidType, "DNS record type is required.")
	}
	r.Type = strings.ToUpper(*typ)
	known := false
	for _, t := range RecordTypes {
		known = known || t == r.Type
	}
	if !known {
		return nil, dnsValidation(CodeInvalidType, "DNS record type %q is invalid.", *typ)
	}

	name, e := in.str("name")
	if e != nil {
		return nil, e
	}
	if name == nil || strings.TrimSpace(*name) == "" {
		return nil, dnsValidation(CodeInvalidName, "DNS record name is required.")
	}
	fqdn, e := normaliseRecordName(z, *name)
	if e != nil {
		return nil, e
	}
	r.Name = fqdn

	if ttl, e := in.num("ttl"); e != nil {
		return nil, e
	} else if ttl != nil {
		r.TTL = *ttl
	}
	if r.TTL != 1 && (r.TTL != math.Trunc(r.TTL) || r.TTL < z.Plan.MinTTL() || r.TTL > 86400) {
		return nil, dnsValidation(CodeTTL, "TTL must be between %d and 86400 seconds, or 1 for Automatic.", int(z.Plan.MinTTL()))
	}

	if p, e := in.boolean("proxied"); e != nil {
		return nil, e
	} else if p != nil {
		r.Proxied = *p
	}

	if c, e := in.str("comment"); e != nil {
		return nil, e
	} else {
		r.Comment = c
	}

	if in.has("tags") {
		var tags []string
		if err := json.Unmarshal(in.Fields["tags"], &tags); err != nil {
			return nil, dnsValidation(CodeInvalidField, "tags must be an array of strings.")
		}
		seen := map[string]bool{}
		for _, t := range tags {
			if t == "" || strings.HasPrefix(t, ":") {
				return nil, dnsValidation(CodeInvalidField, "Tag %q is invalid; tags are \"name\" or \"name:value\".", t)
			}
			if !seen[t] {
				seen[t] = true
				r.Tags = append(r.Tags, t)
			}
		}
		sort.Strings(r.Tags)
	}

	if in.has("settings") {
		var st struct {
			IPv4Only     *bool `json:"ipv4_only"`
			IPv6Only     *bool `json:"ipv6_only"`
			FlattenCNAME *bool `json:"flatten_cname"`
		}
		if err := json.Unmarshal(in.Fields["settings"], &st); err != nil {
			return nil, dnsValidation(CodeInvalidField, "settings must be an object of booleans.")
		}
		if st.FlattenCNAME != nil && *st.FlattenCNAME && r.Type != "CNAME" {
			return nil, dnsValidation(CodeInvalidField, "flatten_cname is only available for CNAME records.")
		}
		if st.FlattenCNAME != nil && *st.FlattenCNAME && z.Plan == PlanFree {
			return nil, dnsValidation(CodeInvalidField, "Per-record CNAME flattening is only available on paid plans.")
		}
		r.Settings = Settings{IPv4Only: st.IPv4Only, IPv6Only: st.IPv6Only, FlattenCNAME: st.FlattenCNAME}
	}

	if p, e := in.num("priority"); e != nil {
		return nil, e
	} else if p != nil {
		if *p < 0 || *p > 65535 || *p != math.Trunc(*p) {
			return nil, dnsValidation(CodeInvalidField, "priority must be an integer between 0 and 65535.")
		}
		r.Priority = p
	}

	if in.has("data") {
		var data map[string]any
		dec := json.NewDecoder(bytes.NewReader(in.Fields["data"]))
		dec.UseNumber()
		if err := dec.Decode(&data); err != nil {
			return nil, dnsValidation(CodeInvalidField, "data must be an object.")
		}
		for k, v := range data {
			if v == nil {
				delete(data, k)
			}
		}
		if len(data) > 0 {
			r.Data = data
		}
	}

	content, e := in.str("content")
	if e != nil {
		return nil, e
	}
	if dataTypes[r.Type] {
		if r.Data == nil {
			return nil, dnsValidation(CodeInvalidContent, "%s records require data.", r.Type)
		}
		r.Content = contentFromData(r.Type, r.Data)
		if (r.Type == "SRV" || r.Type == "HTTPS" || r.Type == "SVCB") && r.Priority == nil {
			if p, ok := toFloat(r.Data["priority"]); ok {
				r.Priority = &p
			}
		}
	} else {
		if r.Data != nil {
			return nil, dnsValidation(CodeInvalidField, "data is not used by %s records; set content.", r.Type)
		}
		if content == nil || *content == "" {
			return nil, dnsValidation(CodeInvalidContent, "Content for %s record is required.", r.Type)
		}
		c, e := normaliseContent(r.Type, *content, r.Name)
		if e != nil {
			return nil, e
		}
		r.Content = c
		if r.Type == "MX" && r.Priority == nil {
			return nil, dnsValidation(CodeInvalidField, "MX records require a priority.")
		}
	}

	r.Proxiable = proxiableType(r.Type) && proxiableContent(r.Type, r.Content)
	if r.Proxied {
		if !proxiableType(r.Type) {
			return nil, dnsValidation(CodeNotProxiable, "This record type cannot be proxied.")
		}
		if !r.Proxiable {
			return nil, dnsValidation(CodeTargetNotAllowed, "Target %s is not allowed for a proxied record.", r.Content)
		}
		// Cloudflare controls the TTL of proxied records: it is always "automatic".
		r.TTL = 1
	}
	return r, nil
}

// normaliseRecordName turns "@", relative one-label names and FQDNs into the
// lower-case FQDN the API stores; any other name outside the zone is refused.
func normaliseRecordName(z *Zone, name string) (string, *APIError) {
	n := normaliseDomain(name)
	switch {
	case n == "@" || n == z.Name:
		return z.Name, nil
	case strings.HasSuffix(n, "."+z.Name):
	case !strings.Contains(n, ".") && !strings.HasSuffix(strings.TrimSpace(name), "."):
		n = n + "." + z.Name
	default:
		return "", dnsValidation(CodeNameNotInZone, "Record name %s is not within zone %s.", strings.TrimSpace(name), z.Name)
	}
	if !validHostname(n) {
		return "", dnsValidation(CodeInvalidName, "DNS name is invalid.")
	}
	return n, nil
}

func normaliseDomain(s string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".")
}

func validHostname(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	labels := strings.Split(s, ".")
	for i, l := range labels {
		if l == "" || len(l) > 63 {
			return false
		}
		if l == "*" && i == 0 {
			continue
		}
		for _, c := range l {
			ok := c == '-' || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
			if !ok {
				return false
			}
		}
	}
	return true
}

func normaliseContent(typ, content, name string) (string, *APIError) {
	c := strings.TrimSpace(content)
	switch typ {
	case "A":
		ip := net.ParseIP(c)
		if ip == nil || ip.To4() == nil || strings.Contains(c, ":") {
			return "", dnsValidation(CodeInvalidA, "Content for A record must be a valid IPv4 address.")
		}
		return ip.To4().String(), nil
	case "AAAA":
		ip := net.ParseIP(c)
		if ip == nil || !strings.Contains(c, ":") {
			return "", dnsValidation(CodeInvalidAAAA, "Content for AAAA record must be a valid IPv6 address.")
		}
		return ip.String(), nil
	case "CNAME", "NS", "MX", "PTR":
		h := strings.TrimSuffix(c, ".")
		if !validHostname(h) {
			return "", dnsValidation(CodeInvalidContent, "Content for %s record is invalid.", typ)
		}
		if typ == "CNAME" && strings.EqualFold(h, name) {
			return "", dnsValidation(CodeInvalidContent, "CNAME content cannot reference itself.")
		}
		return h, nil
	}
	return content, nil
}

// proxiableContent: Cloudflare cannot proxy to private, loopback or otherwise
// non-public addresses.
func proxiableContent(typ, content string) bool {
	if typ != "A" && typ != "AAAA" {
		return true
	}
	ip := net.ParseIP(content)
	if ip == nil {
		return false
	}
	return !(ip.IsPrivate() || ip.IsLoopback() || ip.IsUnspecified() || ip.IsLinkLocalUnicast() ||
		ip.IsMulticast() || ip.IsLinkLocalMulticast())
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case float64:
		return x, true
	}
	return 0, false
}

func fmtData(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case float64:
		return fmt.Sprint(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// contentFromData renders the zone-file form of a data record, as the API does.
func contentFromData(typ string, d map[string]any) string {
	g := func(k string) string { return fmtData(d[k]) }
	switch typ {
	case "CAA":
		return fmt.Sprintf("%s %s \"%s\"", g("flags"), g("tag"), g("value"))
	case "SRV":
		return fmt.Sprintf("%s %s %s", g("weight"), g("port"), g("target"))
	case "URI":
		return fmt.Sprintf("%s \"%s\"", g("weight"), g("target"))
	case "HTTPS", "SVCB":
		return fmt.Sprintf("%s %s %s", g("priority"), g("target"), g("value"))
	}
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, g(k))
	}
	return strings.Join(parts, " ")
}

// checkConflicts applies the same-name rules of a real zone. skipID is the
// record being updated (it does not conflict with itself).
func checkConflicts(z *Zone, r *Record, skipID string) *APIError {
	for id, o := range z.records {
		if id == skipID || o.Name != r.Name {
			continue
		}
		switch {
		case r.Type == "CNAME":
			if o.Type == "A" || o.Type == "AAAA" || o.Type == "CNAME" {
				return &APIError{Status: http.StatusBadRequest, Errors: []ErrorItem{{Code: CodeAddressOrCNAME,
					Message: "An A, AAAA, or CNAME record with that host already exists. " + sameNameDoc}}}
			}
			return &APIError{Status: http.StatusBadRequest, Errors: []ErrorItem{{Code: CodeAddressOrCNAME,
				Message: fmt.Sprintf("A CNAME record cannot share its name with the existing %s record. ", o.Type) + sameNameDoc}}}
		case o.Type == "CNAME":
			return &APIError{Status: http.StatusBadRequest, Errors: []ErrorItem{{Code: CodeCNAMEExists,
				Message: "A CNAME record with that host already exists. " + sameNameDoc}}}
		case o.Type == r.Type && o.Content == r.Content && equalFloatPtr(o.Priority, r.Priority):
			return apiErr(http.StatusBadRequest, CodeIdentical, "An identical record already exists.")
		}
	}
	return nil
}

func equalFloatPtr(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

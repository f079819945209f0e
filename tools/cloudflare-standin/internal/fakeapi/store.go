// Package fakeapi is a FAKE of a small part of the Cloudflare v4 REST API,
// for tests only. It keeps zones and DNS records in memory, applies the
// validation rules a real zone applies to DNS records (TTL range, which types
// may be proxied, CNAME exclusivity, names inside the zone) and answers in the
// Cloudflare v4 envelope. It is not Cloudflare and never talks to Cloudflare.
package fakeapi

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// Plan is a zone's subscription plan; it decides the minimum TTL.
type Plan string

// Plans a zone can be seeded with.
const (
	PlanFree       Plan = "free"
	PlanPro        Plan = "pro"
	PlanBusiness   Plan = "business"
	PlanEnterprise Plan = "enterprise"
)

// ParsePlan accepts the plan names above (case-insensitive).
func ParsePlan(s string) (Plan, error) {
	switch p := Plan(strings.ToLower(strings.TrimSpace(s))); p {
	case PlanFree, PlanPro, PlanBusiness, PlanEnterprise:
		return p, nil
	}
	return "", fmt.Errorf("unknown zone plan %q (want free, pro, business or enterprise)", s)
}

// MinTTL is the smallest TTL (other than 1 = automatic) a zone on this plan accepts.
func (p Plan) MinTTL() float64 {
	if p == PlanEnterprise {
		return 30
	}
	return 60
}

// ZoneSpec seeds one zone.
type ZoneSpec struct {
	Name string
	Plan Plan
}

// ParseZoneSpec parses the --zone flag value: "name" or "name=plan".
func ParseZoneSpec(s string) (ZoneSpec, error) {
	name, planText, hasPlan := strings.Cut(s, "=")
	name = normaliseDomain(name)
	if !validHostname(name) || !strings.Contains(name, ".") {
		return ZoneSpec{}, fmt.Errorf("invalid zone name %q", s)
	}
	spec := ZoneSpec{Name: name, Plan: PlanFree}
	if hasPlan {
		p, err := ParsePlan(planText)
		if err != nil {
			return ZoneSpec{}, err
		}
		spec.Plan = p
	}
	return spec, nil
}

// Zone is a zone held by the fake.
type Zone struct {
	ID          string
	Name        string
	Plan        Plan
	AccountID   string
	AccountName string
	CreatedOn   time.Time
	records     map[string]*Record
}

// Record is a DNS record held by the fake.
type Record struct {
	ID                string
	ZoneID            string
	ZoneName          string
	Name              string
	Type              string
	Content           string
	Proxied           bool
	Proxiable         bool
	TTL               float64
	Comment           *string
	Tags              []string
	Settings          Settings
	Priority          *float64
	Data              map[string]any
	CreatedOn         time.Time
	ModifiedOn        time.Time
	CommentModifiedOn *time.Time
	TagsModifiedOn    *time.Time
}

// Settings are a record's optional per-record settings; nil means "not set".
type Settings struct {
	IPv4Only     *bool
	IPv6Only     *bool
	FlattenCNAME *bool
}

// Store is the fake's state; every method is safe for concurrent use.
type Store struct {
	mu      sync.Mutex
	zones   map[string]*Zone // by id
	counter uint64
	now     func() time.Time
}

// NewStore makes a store seeded with the given zones.
func NewStore(zones []ZoneSpec) (*Store, error) {
	s := &Store{zones: map[string]*Zone{}, now: func() time.Time { return time.Now().UTC() }}
	for _, z := range zones {
		if _, err := s.AddZone(z); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// hexID derives a stable, random-looking 32-hex-character identifier.
func hexID(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:16])
}

// AccountID is the id of the single fake account every zone belongs to.
var AccountID = hexID("fake-cloudflare-api", "account")

// AccountName is the name of the single fake account.
const AccountName = "Fake Cloudflare account (test double)"

// AddZone adds a zone; its id is derived from its name, so it is the same in every run.
func (s *Store) AddZone(spec ZoneSpec) (*Zone, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	name := normaliseDomain(spec.Name)
	if !validHostname(name) || !strings.Contains(name, ".") {
		return nil, fmt.Errorf("invalid zone name %q", spec.Name)
	}
	for _, z := range s.zones {
		if z.Name == name {
			return nil, fmt.Errorf("zone %q already exists", name)
		}
	}
	plan := spec.Plan
	if plan == "" {
		plan = PlanFree
	}
	z := &Zone{
		ID:          hexID("zone", name),
		Name:        name,
		Plan:        plan,
		AccountID:   AccountID,
		AccountName: AccountName,
		CreatedOn:   s.now().Truncate(time.Microsecond),
		records:     map[string]*Record{},
	}
	s.zones[z.ID] = z
	return z, nil
}

// ZoneByID returns a copy of a zone.
func (s *Store) ZoneByID(id string) (Zone, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	z, ok := s.zones[id]
	if !ok {
		return Zone{}, false
	}
	return *z, true
}

// ZoneByIDOrName finds a zone by id or by name.
func (s *Store) ZoneByIDOrName(key string) (Zone, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if z, ok := s.zones[key]; ok {
		return *z, true
	}
	name := normaliseDomain(key)
	for _, z := range s.zones {
		if z.Name == name {
			return *z, true
		}
	}
	return Zone{}, false
}

// Zones returns copies of all zones sorted by name.
func (s *Store) Zones() []Zone {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Zone, 0, len(s.zones))
	for _, z := range s.zones {
		out = append(out, *z)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Records returns copies of a zone's records, sorted by name, type, content, id.
func (s *Store) Records(zoneID string) ([]Record, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	z, ok := s.zones[zoneID]
	if !ok {
		return nil, false
	}
	return sortedRecords(z), true
}

func sortedRecords(z *Zone) []Record {
	out := make([]Record, 0, len(z.records))
	for _, r := range z.records {
		out = append(out, cloneRecord(r))
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		if a.Content != b.Content {
			return a.Content < b.Content
		}
		return a.ID < b.ID
	})
	return out
}

func cloneRecord(r *Record) Record {
	c := *r
	c.Tags = append([]string(nil), r.Tags...)
	if r.Data != nil {
		c.Data = make(map[string]any, len(r.Data))
		for k, v := range r.Data {
			c.Data[k] = v
		}
	}
	return c
}

// Record returns a copy of one record.
func (s *Store) Record(zoneID, id string) (Record, *APIError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	z, ok := s.zones[zoneID]
	if !ok {
		return Record{}, errZoneNotFound(zoneID)
	}
	r, ok := z.records[id]
	if !ok {
		return Record{}, errRecordNotFound()
	}
	return cloneRecord(r), nil
}

// CreateRecord validates the input against the zone and stores a new record.
func (s *Store) CreateRecord(zoneID string, in RecordInput) (Record, *APIError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	z, ok := s.zones[zoneID]
	if !ok {
		return Record{}, errZoneNotFound(zoneID)
	}
	r, apiErr := buildRecord(z, in, nil)
	if apiErr != nil {
		return Record{}, apiErr
	}
	if apiErr := checkConflicts(z, r, ""); apiErr != nil {
		return Record{}, apiErr
	}
	now := s.now().Truncate(time.Microsecond)
	s.counter++
	r.ID = hexID("record", z.ID, fmt.Sprint(s.counter), now.Format(time.RFC3339Nano))
	r.CreatedOn, r.ModifiedOn = now, now
	if hasComment(r.Comment) {
		r.CommentModifiedOn = &now
	}
	if len(r.Tags) > 0 {
		r.TagsModifiedOn = &now
	}
	z.records[r.ID] = r
	return cloneRecord(r), nil
}

// UpdateRecord overwrites (PUT, patch=false) or merges into (PATCH, patch=true) a record.
func (s *Store) UpdateRecord(zoneID, id string, in RecordInput, patch bool) (Record, *APIError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	z, ok := s.zones[zoneID]
	if !ok {
		return Record{}, errZoneNotFound(zoneID)
	}
	old, ok := z.records[id]
	if !ok {
		return Record{}, errRecordNotFound()
	}
	if patch {
		in = in.mergedOnto(old)
	}
	r, apiErr := buildRecord(z, in, old)
	if apiErr != nil {
		return Record{}, apiErr
	}
	if apiErr := checkConflicts(z, r, id); apiErr != nil {
		return Record{}, apiErr
	}
	now := s.now().Truncate(time.Microsecond)
	r.ID = id
	r.CreatedOn = old.CreatedOn
	r.ModifiedOn = now
	r.CommentModifiedOn = old.CommentModifiedOn
	if !equalStringPtr(old.Comment, r.Comment) {
		if !hasComment(r.Comment) {
			r.CommentModifiedOn = nil
		} else {
			r.CommentModifiedOn = &now
		}
	}
	r.TagsModifiedOn = old.TagsModifiedOn
	if !sameStringSet(old.Tags, r.Tags) {
		if len(r.Tags) == 0 {
			r.TagsModifiedOn = nil
		} else {
			r.TagsModifiedOn = &now
		}
	}
	z.records[id] = r
	return cloneRecord(r), nil
}

// DeleteRecord removes a record.
func (s *Store) DeleteRecord(zoneID, id string) *APIError {
	s.mu.Lock()
	defer s.mu.Unlock()
	z, ok := s.zones[zoneID]
	if !ok {
		return errZoneNotFound(zoneID)
	}
	if _, ok := z.records[id]; !ok {
		return errRecordNotFound()
	}
	delete(z.records, id)
	return nil
}

// hasComment: an empty comment counts as none (no comment_modified_on).
func hasComment(c *string) bool { return c != nil && *c != "" }

func equalStringPtr(a, b *string) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func sameStringSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		seen[x]--
		if seen[x] < 0 {
			return false
		}
	}
	return true
}

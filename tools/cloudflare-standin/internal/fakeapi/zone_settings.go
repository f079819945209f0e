package fakeapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"time"
)

// Zone settings (GET/PATCH /zones/{id}/settings/{setting}) and zone-level
// Authenticated Origin Pulls (GET/PUT /zones/{id}/origin_tls_client_auth/settings),
// with the values and the defaults of a new zone, and the validation the real API
// applies to the settings LQ3 manages. Other setting ids are refused.

// settingDefaults are a new zone's values ("flexible" SSL is what the issue found).
func settingDefaults() map[string]any {
	return map[string]any{
		"ssl":              "flexible",
		"min_tls_version":  "1.0",
		"always_use_https": "off",
		"tls_1_3":          "on",
		"security_header": map[string]any{"strict_transport_security": map[string]any{
			"enabled": false, "max_age": float64(0), "include_subdomains": false, "preload": false, "nosniff": false,
		}},
	}
}

// settingValidators check a PATCHed value and return what is stored.
var settingValidators = map[string]func(any) (any, *APIError){
	"ssl":              oneOfString("off", "flexible", "full", "strict"),
	"min_tls_version":  oneOfString("1.0", "1.1", "1.2", "1.3"),
	"always_use_https": oneOfString("on", "off"),
	"tls_1_3":          oneOfString("on", "off", "zrt"),
	"security_header":  validSecurityHeader,
}

func settingValueError(msg string) *APIError {
	return apiErr(http.StatusBadRequest, 1007, msg)
}

func oneOfString(allowed ...string) func(any) (any, *APIError) {
	return func(v any) (any, *APIError) {
		s, ok := v.(string)
		if ok {
			for _, a := range allowed {
				if s == a {
					return s, nil
				}
			}
		}
		return nil, settingValueError(fmt.Sprintf("Invalid value for zone setting: %v; expected one of %v", v, allowed))
	}
}

// validSecurityHeader accepts {"strict_transport_security": {...}}; missing fields
// become false/0, as the API stores them, unknown ones are refused.
func validSecurityHeader(v any) (any, *APIError) {
	outer, ok := v.(map[string]any)
	if !ok || len(outer) != 1 {
		return nil, settingValueError("security_header value must be an object with strict_transport_security")
	}
	sts, ok := outer["strict_transport_security"].(map[string]any)
	if !ok {
		return nil, settingValueError("security_header value must be an object with strict_transport_security")
	}
	stored := map[string]any{"enabled": false, "max_age": float64(0), "include_subdomains": false, "preload": false, "nosniff": false}
	for k, val := range sts {
		want, known := stored[k]
		if !known {
			return nil, settingValueError(fmt.Sprintf("strict_transport_security: unknown field %q", k))
		}
		switch want.(type) {
		case bool:
			b, ok := val.(bool)
			if !ok {
				return nil, settingValueError(fmt.Sprintf("strict_transport_security.%s must be a boolean", k))
			}
			stored[k] = b
		case float64:
			n, ok := val.(float64)
			if !ok || n < 0 || n > 31536000 || n != float64(int64(n)) {
				return nil, settingValueError("strict_transport_security.max_age must be an integer from 0 to 31536000")
			}
			stored[k] = n
		}
	}
	if stored["preload"] == true && (stored["include_subdomains"] != true || stored["max_age"].(float64) < 31536000) {
		return nil, settingValueError("strict_transport_security.preload requires include_subdomains and a max_age of 31536000")
	}
	return map[string]any{"strict_transport_security": stored}, nil
}

type zoneSetting struct {
	value      any
	modifiedOn *time.Time
}

// edgeState holds the zone-wide settings and the account's Access objects.
type edgeState struct {
	mu          sync.Mutex
	settings    map[string]map[string]*zoneSetting // zone id -> setting id -> value
	originPulls map[string]bool                    // zone id -> zone-level AOP on
	access      *accessState
	now         func() time.Time
}

func newEdgeState() *edgeState {
	return &edgeState{
		settings:    map[string]map[string]*zoneSetting{},
		originPulls: map[string]bool{},
		access:      newAccessState(),
		now:         func() time.Time { return time.Now().UTC() },
	}
}

// zoneSettings returns the zone's settings, seeding the defaults on first use (caller holds mu).
func (e *edgeState) zoneSettings(zoneID string) map[string]*zoneSetting {
	if s, ok := e.settings[zoneID]; ok {
		return s
	}
	s := map[string]*zoneSetting{}
	for id, v := range settingDefaults() {
		s[id] = &zoneSetting{value: v}
	}
	e.settings[zoneID] = s
	return s
}

func settingView(id string, s *zoneSetting) map[string]any {
	var modified any
	if s.modifiedOn != nil {
		modified = ts(*s.modifiedOn)
	}
	return map[string]any{"id": id, "value": s.value, "editable": true, "modified_on": modified}
}

// zoneExists answers 404 for an unknown zone and reports whether it exists.
func (s *Server) zoneExists(w http.ResponseWriter, zoneID string) bool {
	if _, ok := s.store.ZoneByID(zoneID); !ok {
		writeError(w, errZoneNotFound(zoneID))
		return false
	}
	return true
}

func errUnknownSetting(id string) *APIError {
	return apiErr(http.StatusNotFound, 1003, fmt.Sprintf("Invalid or unknown zone setting: %s", id))
}

func (s *Server) getZoneSetting(w http.ResponseWriter, r *http.Request) {
	zoneID, id := r.PathValue("zone_id"), r.PathValue("setting_id")
	if !s.zoneExists(w, zoneID) {
		return
	}
	s.edge.mu.Lock()
	defer s.edge.mu.Unlock()
	setting, ok := s.edge.zoneSettings(zoneID)[id]
	if !ok {
		writeError(w, errUnknownSetting(id))
		return
	}
	writeResult(w, http.StatusOK, settingView(id, setting), nil)
}

func (s *Server) editZoneSetting(w http.ResponseWriter, r *http.Request) {
	zoneID, id := r.PathValue("zone_id"), r.PathValue("setting_id")
	if !s.zoneExists(w, zoneID) {
		return
	}
	body, e := readBody(r)
	if e != nil {
		writeError(w, e)
		return
	}
	var in map[string]json.RawMessage
	if err := json.Unmarshal(body, &in); err != nil || in["value"] == nil {
		writeError(w, settingValueError("Request body must be an object with value"))
		return
	}
	validate, known := settingValidators[id]
	if !known {
		writeError(w, errUnknownSetting(id))
		return
	}
	var raw any
	_ = json.Unmarshal(in["value"], &raw)
	value, e := validate(raw)
	if e != nil {
		writeError(w, e)
		return
	}
	s.edge.mu.Lock()
	defer s.edge.mu.Unlock()
	now := s.edge.now().Truncate(time.Microsecond)
	setting := &zoneSetting{value: value, modifiedOn: &now}
	s.edge.zoneSettings(zoneID)[id] = setting
	writeResult(w, http.StatusOK, settingView(id, setting), nil)
}

func (s *Server) getOriginPulls(w http.ResponseWriter, r *http.Request) {
	zoneID := r.PathValue("zone_id")
	if !s.zoneExists(w, zoneID) {
		return
	}
	s.edge.mu.Lock()
	defer s.edge.mu.Unlock()
	writeResult(w, http.StatusOK, map[string]any{"enabled": s.edge.originPulls[zoneID]}, nil)
}

func (s *Server) putOriginPulls(w http.ResponseWriter, r *http.Request) {
	zoneID := r.PathValue("zone_id")
	if !s.zoneExists(w, zoneID) {
		return
	}
	body, e := readBody(r)
	if e != nil {
		writeError(w, e)
		return
	}
	var in struct {
		Enabled *bool `json:"enabled"`
	}
	if err := json.Unmarshal(body, &in); err != nil || in.Enabled == nil {
		writeError(w, apiErr(http.StatusBadRequest, 1210, "enabled must be a boolean"))
		return
	}
	s.edge.mu.Lock()
	defer s.edge.mu.Unlock()
	s.edge.originPulls[zoneID] = *in.Enabled
	writeResult(w, http.StatusOK, map[string]any{"enabled": *in.Enabled}, nil)
}

// adminZoneEdge is what GET /__admin/state adds per zone.
type adminZoneEdge struct {
	Settings    map[string]any `json:"settings"`
	OriginPulls bool           `json:"authenticated_origin_pulls"`
}

func (s *Server) adminZoneEdge(zoneID string) adminZoneEdge {
	s.edge.mu.Lock()
	defer s.edge.mu.Unlock()
	out := adminZoneEdge{Settings: map[string]any{}, OriginPulls: s.edge.originPulls[zoneID]}
	ids := []string{}
	for id := range s.edge.zoneSettings(zoneID) {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		out.Settings[id] = s.edge.zoneSettings(zoneID)[id].value
	}
	return out
}

// adminSetZoneSetting changes a setting behind Terraform's back (drift), with the API's validation.
func (s *Server) adminSetZoneSetting(w http.ResponseWriter, r *http.Request) {
	z, ok := s.store.ZoneByIDOrName(r.PathValue("zone"))
	if !ok {
		writeError(w, errZoneNotFound(r.PathValue("zone")))
		return
	}
	r.SetPathValue("zone_id", z.ID)
	s.editZoneSetting(w, r)
}

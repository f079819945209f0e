package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// ModifyPlan reproduces the plan adjustments of the real v5.14.0
// cloudflare_dns_record (written independently from its description):
//   - a configured subdomain/"@" name whose state holds the FQDN keeps the FQDN;
//   - CNAME content differing only in case keeps the state's spelling;
//   - created_on, proxiable and meta keep their state values; modified_on keeps
//     its state value when no user-settable attribute changes;
//   - settings and tags left unset or empty keep what state has;
//   - comment_modified_on / tags_modified_on are null without a comment / tags,
//     and keep their state value while the comment / tags do not change.
func (r *dnsRecordResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	plan, err := attrs(req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("failed to read plan", err.Error())
		return
	}
	var state map[string]tftypes.Value
	if !req.State.Raw.IsNull() {
		if state, err = attrs(req.State.Raw); err != nil {
			resp.Diagnostics.AddError("failed to read state", err.Error())
			return
		}
	}

	if state != nil {
		preserveFQDN(plan, state)
		hasChanges := userSettableChanged(plan, state)

		if !plan["created_on"].IsKnown() {
			plan["created_on"] = state["created_on"]
		}
		if !plan["modified_on"].IsKnown() && !hasChanges {
			plan["modified_on"] = state["modified_on"]
		}
		if !plan["proxiable"].IsKnown() {
			plan["proxiable"] = state["proxiable"]
		}
		if !plan["meta"].IsKnown() {
			plan["meta"] = state["meta"]
		}
		if !plan["content"].IsKnown() && !plan["data"].IsNull() {
			plan["content"] = state["content"]
		}
		switch ps := plan["settings"]; {
		case unknownOrNull(ps):
			plan["settings"] = state["settings"]
		case settingsAllUnset(ps):
			if ss := state["settings"]; unknownOrNull(ss) || !settingsAnyTrue(ss) {
				plan["settings"] = ss
			}
		}
		if !plan["tags"].IsKnown() && (state["tags"].IsNull() || collectionLen(state["tags"]) == 0) {
			plan["tags"] = state["tags"]
		}
	}

	comment := plan["comment"]
	commentEmpty := comment.IsNull() || (comment.IsKnown() && strOf(comment) == "")
	if !plan["comment_modified_on"].IsKnown() {
		if commentEmpty {
			plan["comment_modified_on"] = nullOf(plan["comment_modified_on"])
		} else if state != nil && comment.Equal(state["comment"]) {
			plan["comment_modified_on"] = state["comment_modified_on"]
		}
	}
	tags := plan["tags"]
	tagsEmpty := tags.IsNull() || (tags.IsKnown() && collectionLen(tags) == 0)
	if !plan["tags_modified_on"].IsKnown() {
		if tagsEmpty {
			plan["tags_modified_on"] = nullOf(plan["tags_modified_on"])
		} else if state != nil && tags.Equal(state["tags"]) {
			plan["tags_modified_on"] = state["tags_modified_on"]
		}
	}

	resp.Plan.Raw = tftypes.NewValue(req.Plan.Raw.Type(), plan)
}

func nullOf(v tftypes.Value) tftypes.Value { return tftypes.NewValue(v.Type(), nil) }

// preserveFQDN keeps the state's FQDN when the configured name is "@" or a
// leading-label prefix of it (the API always answers with the FQDN).
func preserveFQDN(plan, state map[string]tftypes.Value) {
	pv, sv := plan["name"], state["name"]
	if !pv.IsKnown() || sv.IsNull() {
		return
	}
	planName, stateName := strOf(pv), strOf(sv)
	if planName == "@" && stateName != "@" && strings.Contains(stateName, ".") {
		plan["name"] = sv
		return
	}
	pn, sn := strings.TrimSuffix(planName, "."), strings.TrimSuffix(stateName, ".")
	if pn == sn {
		return
	}
	pl, sl := strings.Split(pn, "."), strings.Split(sn, ".")
	if len(pl) >= len(sl) {
		return
	}
	for i := range pl {
		if pl[i] != sl[i] {
			return
		}
	}
	plan["name"] = sv
}

// userSettableChanged reports whether an attribute the user sets differs
// between plan and state (the test that decides whether modified_on changes).
func userSettableChanged(plan, state map[string]tftypes.Value) bool {
	contentChanged := false
	if plan["data"].IsNull() {
		pc, sc := plan["content"], state["content"]
		if strOf(plan["type"]) == "CNAME" && !pc.IsNull() && !sc.IsNull() {
			contentChanged = strings.ToLower(strOf(pc)) != strings.ToLower(strOf(sc)) || !pc.IsKnown()
			if !contentChanged && strOf(pc) != strOf(sc) {
				plan["content"] = sc // only the case differs: keep the state's spelling
			}
		} else {
			contentChanged = !pc.Equal(sc)
		}
	}

	tagsChanged := false
	pt, st := plan["tags"], state["tags"]
	stateTagsEmpty := st.IsNull() || (st.IsKnown() && collectionLen(st) == 0)
	if !pt.IsKnown() {
		tagsChanged = !stateTagsEmpty
	} else if planTagsEmpty := pt.IsNull() || collectionLen(pt) == 0; !(planTagsEmpty && stateTagsEmpty) {
		tagsChanged = !pt.Equal(st)
	}

	changed := contentChanged || tagsChanged
	for _, k := range []string{"name", "type", "ttl", "proxied", "priority", "comment"} {
		changed = changed || !plan[k].Equal(state[k])
	}
	pd, sd := plan["data"], state["data"]
	if pd.IsNull() != sd.IsNull() || (!pd.IsNull() && !pd.Equal(sd)) {
		changed = true
	}

	ps, ss := plan["settings"], state["settings"]
	planSettingsEmpty := unknownOrNull(ps) || settingsAllUnset(ps)
	stateSettingsEmpty := unknownOrNull(ss)
	switch {
	case !planSettingsEmpty && !stateSettingsEmpty:
		changed = changed || !ps.Equal(ss)
	case planSettingsEmpty && !stateSettingsEmpty:
		changed = changed || settingsAnyTrue(ss)
	}
	return changed
}

// settingsAllUnset: a known settings object whose inner values are all null or unknown.
func settingsAllUnset(v tftypes.Value) bool {
	inner, err := attrs(v)
	if err != nil || unknownOrNull(v) {
		return false
	}
	for _, iv := range inner {
		if !unknownOrNull(iv) {
			return false
		}
	}
	return true
}

// settingsAnyTrue: some inner setting is known to be true.
func settingsAnyTrue(v tftypes.Value) bool {
	inner, err := attrs(v)
	if err != nil {
		return false
	}
	for _, iv := range inner {
		if boolOf(iv) {
			return true
		}
	}
	return false
}

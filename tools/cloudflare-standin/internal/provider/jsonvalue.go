package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The provider works on raw tftypes values: API answers are mapped onto the
// schema's Terraform type, with a missing or null key giving a null value.

func isNullJSON(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || string(t) == "null"
}

// jsonNames maps attribute names to the API's keys where the two differ (at any depth),
// e.g. an Access rule's azure_ad is azureAD in the API.
type jsonNames map[string]string

func (n jsonNames) key(attribute string) string {
	if k, ok := n[attribute]; ok {
		return k
	}
	return attribute
}

// tfFromJSON converts one JSON value to a value of the given Terraform type.
func tfFromJSON(raw json.RawMessage, typ tftypes.Type) (tftypes.Value, error) {
	return tfFromJSONNamed(raw, typ, nil)
}

// tfFromJSONNamed is tfFromJSON with attribute names mapped to API keys.
func tfFromJSONNamed(raw json.RawMessage, typ tftypes.Type, names jsonNames) (tftypes.Value, error) {
	if isNullJSON(raw) {
		return tftypes.NewValue(typ, nil), nil
	}
	raw = bytes.TrimSpace(raw)
	switch {
	case typ.Is(tftypes.String):
		if raw[0] == '"' {
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return tftypes.Value{}, err
			}
			return tftypes.NewValue(tftypes.String, s), nil
		}
		// Objects/arrays/numbers in a string attribute (e.g. "meta") keep their compact JSON text.
		var buf bytes.Buffer
		if err := json.Compact(&buf, raw); err != nil {
			return tftypes.Value{}, err
		}
		return tftypes.NewValue(tftypes.String, buf.String()), nil
	case typ.Is(tftypes.Number):
		f, _, err := big.ParseFloat(string(raw), 10, 512, big.ToNearestEven)
		if err != nil {
			return tftypes.Value{}, fmt.Errorf("expected a number, got %s", raw)
		}
		return tftypes.NewValue(tftypes.Number, f), nil
	case typ.Is(tftypes.Bool):
		var b bool
		if err := json.Unmarshal(raw, &b); err != nil {
			return tftypes.Value{}, fmt.Errorf("expected a boolean, got %s", raw)
		}
		return tftypes.NewValue(tftypes.Bool, b), nil
	case typ.Is(tftypes.DynamicPseudoType):
		switch raw[0] {
		case '"':
			return tfFromJSON(raw, tftypes.String)
		case 't', 'f':
			return tfFromJSON(raw, tftypes.Bool)
		case '{', '[':
			return tfFromJSON(raw, tftypes.String)
		default:
			return tfFromJSON(raw, tftypes.Number)
		}
	}
	switch t := typ.(type) {
	case tftypes.List, tftypes.Set:
		var elemType tftypes.Type
		if l, ok := t.(tftypes.List); ok {
			elemType = l.ElementType
		} else {
			elemType = t.(tftypes.Set).ElementType
		}
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return tftypes.Value{}, fmt.Errorf("expected an array, got %s", raw)
		}
		vals := make([]tftypes.Value, 0, len(items))
		for _, it := range items {
			v, err := tfFromJSONNamed(it, elemType, names)
			if err != nil {
				return tftypes.Value{}, err
			}
			vals = append(vals, v)
		}
		return tftypes.NewValue(typ, vals), nil
	case tftypes.Object:
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return tftypes.Value{}, fmt.Errorf("expected an object, got %s", raw)
		}
		return objectFromJSONNamed(m, t, names)
	case tftypes.Map:
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return tftypes.Value{}, fmt.Errorf("expected an object, got %s", raw)
		}
		vals := make(map[string]tftypes.Value, len(m))
		for k, it := range m {
			v, err := tfFromJSONNamed(it, t.ElementType, names)
			if err != nil {
				return tftypes.Value{}, err
			}
			vals[k] = v
		}
		return tftypes.NewValue(typ, vals), nil
	}
	return tftypes.Value{}, fmt.Errorf("unsupported type %s", typ)
}

// objectFromJSON maps a JSON object onto an object type; absent keys are null.
func objectFromJSON(m map[string]json.RawMessage, t tftypes.Object) (tftypes.Value, error) {
	return objectFromJSONNamed(m, t, nil)
}

func objectFromJSONNamed(m map[string]json.RawMessage, t tftypes.Object, names jsonNames) (tftypes.Value, error) {
	vals := make(map[string]tftypes.Value, len(t.AttributeTypes))
	for name, at := range t.AttributeTypes {
		v, err := tfFromJSONNamed(m[names.key(name)], at, names)
		if err != nil {
			return tftypes.Value{}, fmt.Errorf("%s: %w", name, err)
		}
		vals[name] = v
	}
	return tftypes.NewValue(t, vals), nil
}

// jsonFromTF converts a known value to a JSON-encodable Go value; nulls inside
// objects are left out. ok is false for null or unknown values.
func jsonFromTF(v tftypes.Value) (any, bool, error) {
	return jsonFromTFNamed(v, nil)
}

// jsonFromTFNamed is jsonFromTF with attribute names mapped to API keys.
func jsonFromTFNamed(v tftypes.Value, names jsonNames) (any, bool, error) {
	if v.IsNull() || !v.IsKnown() {
		return nil, false, nil
	}
	typ := v.Type()
	switch {
	case typ.Is(tftypes.String):
		var s string
		err := v.As(&s)
		return s, true, err
	case typ.Is(tftypes.Number):
		var f big.Float
		if err := v.As(&f); err != nil {
			return nil, false, err
		}
		return json.Number(f.Text('g', -1)), true, nil
	case typ.Is(tftypes.Bool):
		var b bool
		err := v.As(&b)
		return b, true, err
	}
	switch typ.(type) {
	case tftypes.List, tftypes.Set, tftypes.Tuple:
		var items []tftypes.Value
		if err := v.As(&items); err != nil {
			return nil, false, err
		}
		out := make([]any, 0, len(items))
		for _, it := range items {
			j, ok, err := jsonFromTFNamed(it, names)
			if err != nil {
				return nil, false, err
			}
			if ok {
				out = append(out, j)
			}
		}
		if _, isSet := typ.(tftypes.Set); isSet {
			sort.Slice(out, func(i, j int) bool { return fmt.Sprint(out[i]) < fmt.Sprint(out[j]) })
		}
		return out, true, nil
	case tftypes.Object:
		// Attribute names become API keys; a map's keys are data and stay as they are.
		return jsonObjectFromTF(v, names, names.key)
	case tftypes.Map:
		return jsonObjectFromTF(v, names, func(k string) string { return k })
	}
	return nil, false, fmt.Errorf("unsupported type %s", typ)
}

// jsonObjectFromTF encodes an object or map value; nulls are left out.
func jsonObjectFromTF(v tftypes.Value, names jsonNames, key func(string) string) (any, bool, error) {
	var m map[string]tftypes.Value
	if err := v.As(&m); err != nil {
		return nil, false, err
	}
	out := map[string]any{}
	for k, av := range m {
		j, ok, err := jsonFromTFNamed(av, names)
		if err != nil {
			return nil, false, err
		}
		if ok {
			out[key(k)] = j
		}
	}
	return out, true, nil
}

// attrs unpacks an object value.
func attrs(v tftypes.Value) (map[string]tftypes.Value, error) {
	m := map[string]tftypes.Value{}
	if v.IsNull() || !v.IsKnown() {
		return m, nil
	}
	err := v.As(&m)
	return m, err
}

func strOf(v tftypes.Value) string {
	var s string
	if v.IsKnown() && !v.IsNull() && v.Type().Is(tftypes.String) {
		_ = v.As(&s)
	}
	return s
}

func boolOf(v tftypes.Value) bool {
	var b bool
	if v.IsKnown() && !v.IsNull() && v.Type().Is(tftypes.Bool) {
		_ = v.As(&b)
	}
	return b
}

func floatOf(v tftypes.Value) (float64, bool) {
	if !v.IsKnown() || v.IsNull() || !v.Type().Is(tftypes.Number) {
		return 0, false
	}
	var f big.Float
	if v.As(&f) != nil {
		return 0, false
	}
	x, _ := f.Float64()
	return x, true
}

func unknownOrNull(v tftypes.Value) bool { return !v.IsKnown() || v.IsNull() }

// collectionLen is the number of elements of a known, non-null list/set (0 otherwise).
func collectionLen(v tftypes.Value) int {
	if unknownOrNull(v) {
		return 0
	}
	var items []tftypes.Value
	if v.As(&items) != nil {
		return 0
	}
	return len(items)
}

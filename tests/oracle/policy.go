package main

// The hook's own promise on top of Authgear's rules: what a user already
// has comes back exactly as the hook received it, unless the config lets the
// hook write that attribute (policy overwrite; policy fill while it is
// empty; the status attribute); nothing is returned as null; a map is
// returned only when it changes.

import (
	"encoding/json"
	"strings"
)

// Keys of the standard map that Authgear manages and strips itself.
var managed = map[string]bool{"sub": true, "updated_at": true, "email_verified": true, "phone_number_verified": true}

// readConfig: the custom attributes the project declares, and the write
// policy of each attribute the hook config targets ("custom_attributes.x",
// "standard_attributes.address.country", …).
func readConfig(raw json.RawMessage, project map[string]customDecl) (map[string]customDecl, map[string]string) {
	decl := map[string]customDecl{}
	targets := map[string]string{}
	var cfg struct {
		Standard map[string]json.RawMessage `json:"standard"`
		Custom   map[string]json.RawMessage `json:"custom"`
		Status   string                     `json:"statusAttribute"`
	}
	_ = json.Unmarshal(raw, &cfg)
	policy := func(spec json.RawMessage) (string, bool) {
		var field string
		if json.Unmarshal(spec, &field) == nil {
			return "fill", true
		}
		var m struct {
			From   *string `json:"from"`
			Policy string  `json:"policy"`
		}
		if json.Unmarshal(spec, &m) != nil || m.From == nil {
			return "", false
		}
		if m.Policy == "" {
			m.Policy = "fill"
		}
		return m.Policy, true
	}
	for name, spec := range cfg.Standard {
		if name == "address" {
			var parts map[string]json.RawMessage
			_ = json.Unmarshal(spec, &parts)
			for p, s := range parts {
				if pol, ok := policy(s); ok {
					targets["standard_attributes.address."+p] = pol
				}
			}
			continue
		}
		if pol, ok := policy(spec); ok {
			targets["standard_attributes."+name] = pol
		}
	}
	for name, spec := range cfg.Custom {
		var d customDecl
		if json.Unmarshal(spec, &d) == nil && d.Type != "" {
			decl[name] = d
		}
		if pol, ok := policy(spec); ok {
			targets["custom_attributes."+name] = pol
		}
	}
	if cfg.Status != "" {
		targets["custom_attributes."+cfg.Status] = "status"
	}
	for name, d := range project {
		decl[name] = d
	}
	return decl, targets
}

func isSet(v any) bool {
	switch t := v.(type) {
	case nil:
		return false
	case jsString:
		return strings.TrimSpace(string(t)) != ""
	}
	return true
}

func checkPolicy(key string, returned, user *jsObject, targets map[string]string, fail func(string, ...any)) {
	stored, _ := objAt(user, key)
	writable := func(label string, old any) bool {
		switch targets[label] {
		case "overwrite", "status":
			return true
		case "fill":
			return !isSet(old)
		}
		return false
	}
	compare := func(prefix string, before, after *jsObject) {
		for _, k := range before.keys {
			old := before.vals[k]
			if old == nil || (key == "standard_attributes" && prefix == key && managed[k]) {
				continue
			}
			label := prefix + "." + k
			now, has := after.vals[k]
			switch {
			case !has:
				fail("%s: the stored value was dropped (Authgear would delete it)", label)
			case sameJS(old, now):
			case prefix == "standard_attributes" && k == "address":
				// Compared part by part below.
			case !writable(label, old):
				fail("%s: the stored value was changed, which the config does not allow", label)
			}
		}
		for _, k := range after.keys {
			label := prefix + "." + k
			if after.vals[k] == nil {
				fail("%s is null: Authgear rejects null", label)
				continue
			}
			if _, had := before.vals[k]; !had && !(prefix == "standard_attributes" && k == "address") && !writable(label, nil) {
				fail("%s: added, but the config does not target it", label)
			}
		}
	}
	compare(key, stored, returned)
	if key == "standard_attributes" {
		after, isObj := returned.vals["address"].(*jsObject)
		before, _ := objAt(stored, "address")
		if isObj {
			compare(key+".address", before, after)
		}
	}
	changed := false
	for _, k := range returned.keys {
		if !sameJS(stored.vals[k], returned.vals[k]) {
			changed = true
		}
	}
	for _, k := range stored.keys {
		if _, has := returned.vals[k]; !has && stored.vals[k] != nil && !(key == "standard_attributes" && managed[k]) {
			changed = true
		}
	}
	if !changed {
		fail("%s returned unchanged: a needless write that Authgear re-validates whole", key)
	}
}

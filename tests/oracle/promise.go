package main

// The hook's promises about its status line and undeclared attributes, on
// top of policy.go's: a changed status line alone is no reason to write
// (except at signup, where it is new, and to record as `not kept` a value
// it said set, never saw stored, and finds gone); a value the stored status
// line says the hook set, and that is gone now, was removed on purpose (or
// never kept) and is not filled again; and, where a hook mutation makes
// Authgear re-validate the custom map, nothing is written while a stored
// custom attribute is missing from the hook's config (its value cannot be
// checked), unless the config says allowUndeclared. The status line's
// format is the core's (src/status.rs):
// `a,b<-source; c<-source?; d cleared; e not kept; source:code`.

import (
	"encoding/json"
	"slices"
	"strings"
)

type promiseConfig struct {
	Status          string                     `json:"statusAttribute"`
	AllowUndeclared bool                       `json:"allowUndeclared"`
	Custom          map[string]json.RawMessage `json:"custom"`
}

// statusRecords: the attribute labels ("standard_attributes.zoneinfo",
// "custom_attributes.city", "standard_attributes.address.country") the
// line says the hook set, left cleared or saw not kept (which: "all"), or
// only those it says set and not yet seen stored (`<-source?`, "unseen"),
// or only those it says not kept ("notkept").
func statusRecords(line string, which string) []string {
	var out []string
	for _, part := range strings.Split(line, "; ") {
		names := ""
		unseen := strings.Contains(part, "<-") && strings.HasSuffix(part, "?")
		switch i := strings.Index(part, "<-"); {
		case i >= 0 && (which == "all" || (which == "unseen" && unseen)):
			names = part[:i]
		case which == "all" && strings.HasSuffix(part, " cleared"):
			names = strings.TrimSuffix(part, " cleared")
		case which != "unseen" && i < 0 && strings.HasSuffix(part, " not kept"):
			names = strings.TrimSuffix(part, " not kept")
		default:
			continue
		}
		for _, n := range strings.Split(names, ",") {
			switch {
			case strings.HasPrefix(n, "custom:"):
				out = append(out, "custom_attributes."+strings.TrimPrefix(n, "custom:"))
			case strings.HasPrefix(n, "address."):
				out = append(out, "standard_attributes."+n)
			case n != "":
				out = append(out, "standard_attributes."+n)
			}
		}
	}
	return out
}

// valueAt: the value under a label in a user object with both maps.
func valueAt(user *jsObject, label string) any {
	parts := strings.Split(label, ".")
	var cur any = user
	for _, p := range parts {
		o, ok := cur.(*jsObject)
		if !ok {
			return nil
		}
		cur = o.vals[p]
	}
	return cur
}

// checkPromises: `stored` is the user as the hook received it, `after` the
// user as the answer leaves it (each map returned, or the stored one);
// `signup`: a user.pre_create answer; `hookMutation`: Authgear re-validates
// both maps (a hook answer, not an Admin API write).
func checkPromises(raw json.RawMessage, stored, after *jsObject, signup, hookMutation bool, fail func(string, ...any)) {
	var cfg promiseConfig
	_ = json.Unmarshal(raw, &cfg)
	// A status line alone.
	if cfg.Status != "" && !signup {
		other := false
		for _, m := range []string{"standard_attributes", "custom_attributes"} {
			b, _ := objAt(stored, m)
			a, _ := objAt(after, m)
			for _, k := range unionKeys(a, b) {
				if (m == "custom_attributes" && k == cfg.Status) || (m == "standard_attributes" && managed[k]) {
					continue
				}
				if !sameJS(a.vals[k], b.vals[k]) && (isSet(a.vals[k]) || isSet(b.vals[k])) {
					other = true
				}
			}
		}
		statusNow := valueAt(after, "custom_attributes."+cfg.Status)
		statusWas := valueAt(stored, "custom_attributes."+cfg.Status)
		if !other && !sameJS(statusNow, statusWas) && !newlyNotKept(statusWas, statusNow, stored) {
			fail("only the status line changed: no reason for a write (it fires events and re-validates)")
		}
	}
	// Removed on purpose: never filled again.
	if cfg.Status != "" {
		if line, ok := valueAt(stored, "custom_attributes."+cfg.Status).(jsString); ok {
			for _, label := range statusRecords(string(line), "all") {
				if !isSet(valueAt(stored, label)) && isSet(valueAt(after, label)) {
					fail("%s: filled again, though the status line says the hook set it and it is gone now", label)
				}
			}
		}
	}
	// Undeclared stored custom attributes: nothing written under a hook mutation.
	if hookMutation && !cfg.AllowUndeclared {
		custom, _ := objAt(stored, "custom_attributes")
		for _, k := range custom.keys {
			if _, declared := cfg.Custom[k]; !declared && k != cfg.Status && custom.vals[k] != nil {
				fail("custom_attributes.%s is missing from the hook's config, so unchecked, yet the hook wrote", k)
			}
		}
	}
}

func unionKeys(a, b *jsObject) []string {
	seen := map[string]bool{}
	var out []string
	for _, o := range []*jsObject{a, b} {
		for _, k := range o.keys {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	return out
}

// newlyNotKept: the new line records as `not kept` a value the old one said
// set and never seen (`<-source?`) that the stored user no longer holds:
// the one change to the line alone worth a write.
func newlyNotKept(was, now any, stored *jsObject) bool {
	old, ok1 := was.(jsString)
	line, ok2 := now.(jsString)
	if !ok1 || !ok2 {
		return false
	}
	notKept := statusRecords(string(line), "notkept")
	for _, label := range statusRecords(string(old), "unseen") {
		if !isSet(valueAt(stored, label)) && slices.Contains(notKept, label) {
			return true
		}
	}
	return false
}

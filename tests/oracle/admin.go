package main

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// adminRequest: a write through the Admin API instead of a hook answer.
type adminRequest struct {
	// User is the stored user as the hook read it:
	// {"standard_attributes", "custom_attributes", "identities": [{"claims"}]}.
	User string `json:"user"`
	// Input is updateUser's variables, as sent.
	Input string `json:"input"`
}

// judgeAdmin models the Admin API's write path (pkg/admin/graphql/
// user_mutation.go updateUser, pkg/admin/facade/user_profile.go
// UpdateUserProfile): the user ID must be a relay global ID of a User; each
// map given as an object replaces the stored one whole and is validated
// alone — the standard map with derived keys stripped, the picture parsed
// and identity values owned (pkg/lib/feature/stdattrs/service_noevent.go),
// the custom map against every declared attribute (customattrs
// UpdateAllCustomAttributes) — and a map left out is untouched. Then the
// hook's own promise, as for a hook answer: every stored value back exactly
// unless the config's policy writes it, no null, no needless write.
func judgeAdmin(req request) (v verdict) {
	fail := func(format string, a ...any) { v.Errors = append(v.Errors, fmt.Sprintf(format, a...)) }
	raw, err := parseExact(req.Admin.Input)
	if err != nil {
		fail("the variables are not JSON (%v)", err)
		return
	}
	input, ok := relay(raw).(*jsObject)
	if !ok {
		fail("the variables are not an object")
		return
	}
	su, err := parseExact(req.Admin.User)
	stored, ok := relay(su).(*jsObject)
	if err != nil || !ok {
		fail("oracle: the stored user is not a JSON object")
		return
	}
	for _, k := range input.keys {
		if k != "userID" && k != "standardAttributes" && k != "customAttributes" {
			fail("variable %q is not updateUser's", k)
		}
	}
	id, _ := input.vals["userID"].(jsString)
	dec, derr := base64.RawURLEncoding.DecodeString(string(id))
	if derr != nil || !strings.HasPrefix(string(dec), "User:") || len(dec) == len("User:") {
		fail("userID %q is not a relay global ID of a User: \"invalid user ID\"", string(id))
	}
	decl, targets := readConfig(req.Config, req.Project.Custom)
	v.Mutated = checkAdminMaps(input, "standardAttributes", "customAttributes", stored, decl, targets, fail)
	if !v.Mutated {
		fail("an updateUser without a map: it changes nothing")
	}
	checkPromises(req.Config, stored, applied(stored, input, "standardAttributes", "customAttributes"), false, false, fail)
	return
}

// checkAdminMaps: the maps an updateUser carries under keys std and custom
// (of `given`), each validated alone against the user as stored. It
// reports whether any map was given as an object.
func checkAdminMaps(given *jsObject, std, custom string, stored *jsObject, decl map[string]customDecl,
	targets map[string]string, fail func(string, ...any)) (mutated bool) {
	for _, p := range [][2]string{{std, "standard_attributes"}, {custom, "custom_attributes"}} {
		m, has := given.get(p[0])
		if !has {
			continue
		}
		obj, isObj := m.(*jsObject)
		if !isObj {
			fail("%s is not an object: Authgear ignores it (the resolver's type assertion), a needless write", p[0])
			continue
		}
		mutated = true
		checkPolicy(p[1], obj, stored, targets, fail)
		if p[1] == "standard_attributes" {
			storedStd, _ := objAt(stored, "standard_attributes")
			for _, e := range checkStandard(toGo(obj).(map[string]any), owned(stored, stored), toGo(storedStd).(map[string]any)) {
				fail("standardAttributes%s: the Admin API rejects the write", e)
			}
		} else {
			for _, e := range checkCustom(toGo(obj).(map[string]any), decl) {
				fail("customAttributes%s: the Admin API rejects the write", e)
			}
		}
	}
	return
}

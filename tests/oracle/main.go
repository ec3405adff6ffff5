// Command oracle is an executable model of what Authgear does with a hook's
// answer, for the project's tests: every answer a test produces goes
// through it. It reads one JSON request per line on stdin,
//
//	{"event": "<event JSON text>", "response": "<the hook's answer text>",
//	 "config": <the hook's config block>, "project": {"custom": {...}}}
//
// or, for a write through the Admin API (admin.go),
//
//	{"admin": {"user": "<the stored user>", "input": "<updateUser's variables>"},
//	 "config": ..., "project": ...}
//
// or, for the bearer token of an Admin API call (token.go),
//
//	{"token": {"jwt": "...", "keys": <JWKS>, "audience": "<project ID>", "now": <unix seconds>}}
//
// or, for a custom map alone under the project's declarations,
//
//	{"custom": "<the map's JSON text>", "project": {"custom": {...}}}
//
// and writes one verdict per line: {"ok": bool, "mutated": bool, "errors": [...]}.
//
// What it checks, in Authgear's order (file names are authgear-server's):
//  1. the answer as the JavaScript runner relays it (JSON.stringify of the
//     parsed value: a number too large for a double becomes null);
//  2. the response schema of the event type (pkg/api/event/hook_response.go
//     and pkg/api/event/blocking/<event>.go);
//  3. ApplyHookResponse: each returned map replaces the stored one
//     (pkg/api/event/blocking/util.go ApplyUserMutations); if anything was
//     applied, BOTH maps of the whole user validated (PerformEffectsOnUser,
//     attrs.go); token claims only added (pkg/util/jwtutil ApplyMutations);
//  4. the hook's own promise: a stored value comes back exactly as received
//     unless the config's policy lets the hook write it; no null; no
//     roles or groups; the hook never blocks.
//
// Custom attributes are declared by the hook config's `custom` block, and
// by `project.custom` for attributes the hook config does not name.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

type request struct {
	Event    string          `json:"event"`
	Response string          `json:"response"`
	Config   json.RawMessage `json:"config"`
	Project  struct {
		Custom map[string]customDecl `json:"custom"`
	} `json:"project"`
	// Admin, when given, asks about an Admin API write instead (admin.go).
	Admin *adminRequest `json:"admin"`
	// Token, when given, asks whether the Admin API takes a bearer token (token.go).
	Token *tokenRequest `json:"token"`
	// Custom, when given, asks only whether Authgear takes this custom map
	// (its JSON text) under the project's declarations: the mock Admin API's
	// validation of updateUser (customattrs UpdateAllCustomAttributes).
	Custom *string `json:"custom"`
}

type verdict struct {
	OK      bool     `json:"ok"`
	Mutated bool     `json:"mutated"`
	Errors  []string `json:"errors"`
}

func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	for {
		line, err := in.ReadBytes('\n')
		if len(strings.TrimSpace(string(line))) > 0 {
			var req request
			var v verdict
			if jerr := json.Unmarshal(line, &req); jerr != nil {
				v.Errors = []string{"oracle: bad request: " + jerr.Error()}
			} else if req.Admin != nil {
				v = judgeAdmin(req)
			} else if req.Token != nil {
				v = judgeToken(*req.Token)
			} else if req.Custom != nil {
				var m map[string]any
				if err := json.Unmarshal([]byte(*req.Custom), &m); err != nil {
					v.Errors = []string{"the custom map is not a JSON object"}
				} else {
					v.Errors = checkCustom(m, req.Project.Custom)
				}
			} else {
				v = judge(req)
			}
			v.OK = len(v.Errors) == 0
			if v.Errors == nil {
				v.Errors = []string{}
			}
			b, _ := json.Marshal(v)
			out.Write(append(b, '\n'))
			out.Flush()
		}
		if err != nil {
			return
		}
	}
}

var userEvents = map[string]bool{
	"user.pre_create": true, "user.profile.pre_update": true,
	"user.pre_schedule_deletion": true, "user.pre_schedule_anonymization": true,
}
var tokenEvents = map[string]string{"oidc.jwt.pre_create": "jwt", "oidc.id_token.pre_create": "id_token"}

func judge(req request) (v verdict) {
	fail := func(format string, a ...any) { v.Errors = append(v.Errors, fmt.Sprintf(format, a...)) }
	raw, err := parseExact(req.Response)
	if err != nil {
		fail("the answer is not JSON (%v): the signup fails", err)
		return
	}
	resp, ok := relay(raw).(*jsObject)
	if !ok {
		fail("the answer is not an object")
		return
	}
	// The event as the hook saw it: the runner hands it over JSON.parse'd.
	ev, evErr := parseExact(req.Event)
	ev = relay(ev)
	evType := ""
	if o, ok := ev.(*jsObject); ok {
		if t, ok := o.vals["type"].(jsString); ok {
			evType = string(t)
		}
	}

	// 2. The response schema.
	allowed, _ := resp.get("is_allowed")
	if b, isBool := allowed.(bool); !isBool {
		fail("is_allowed must be a boolean")
		return
	} else if !b {
		fail("the hook blocked the signup (is_allowed false)")
		return
	}
	keys := map[string]bool{"is_allowed": true, "mutations": true}
	switch {
	case strings.HasPrefix(evType, "authentication."):
		keys = map[string]bool{"is_allowed": true, "constraints": true, "bot_protection": true, "rate_limits": true}
	case !userEvents[evType] && tokenEvents[evType] == "":
		// A non-blocking event: Authgear ignores the answer; the hook still answers plainly.
	}
	for _, k := range resp.keys {
		if !keys[k] {
			fail("top-level key %q is not allowed for %s: the response schema fails", k, evType)
		}
	}
	mv, hasMut := resp.get("mutations")
	if !hasMut {
		return
	}
	muts, ok := mv.(*jsObject)
	if !ok {
		fail("mutations must be an object")
		return
	}
	for _, k := range muts.keys {
		if k != "user" && k != "jwt" && k != "id_token" {
			fail("mutations.%s is not allowed", k)
		}
	}
	if evErr != nil {
		fail("the event is not JSON (%v), yet the hook mutated something", evErr)
		return
	}
	evo := ev.(*jsObject)
	payload, _ := objAt(evo, "payload")

	var user *jsObject
	if u, has := muts.get("user"); has {
		if user, ok = u.(*jsObject); !ok {
			fail("mutations.user must be an object")
			return
		}
		for _, k := range []string{"standard_attributes", "custom_attributes"} {
			if m, has := user.get(k); has {
				if _, ok := m.(*jsObject); !ok {
					fail("mutations.user.%s must be an object (null is rejected)", k)
				}
			}
		}
		for _, k := range []string{"roles", "groups"} {
			if _, has := user.get(k); has {
				fail("mutations.user.%s: the hook never changes roles or groups", k)
			}
		}
	}
	for _, k := range []string{"jwt", "id_token"} {
		if t, has := muts.get(k); has {
			to, ok := t.(*jsObject)
			if !ok {
				fail("mutations.%s must be an object", k)
				continue
			}
			if p, has := to.get("payload"); has {
				if _, ok := p.(*jsObject); !ok {
					fail("mutations.%s.payload must be an object", k)
				}
			}
		}
	}
	if len(v.Errors) > 0 {
		return
	}

	// 3. Apply, then the write path.
	if key := tokenEvents[evType]; key != "" {
		checkToken(muts, payload, key, fail)
		return
	}
	// At login the core's mutation is what the login file writes through
	// the Admin API: each map given validated alone (admin.go).
	if evType == "user.authenticated" && user != nil {
		stored, _ := objAt(payload, "user")
		withIDs := &jsObject{keys: append([]string{"identities"}, stored.keys...), vals: map[string]any{"identities": payload.vals["identities"]}}
		for k, val := range stored.vals {
			withIDs.vals[k] = val
		}
		decl, targets := readConfig(req.Config, req.Project.Custom)
		v.Mutated = checkAdminMaps(user, "standard_attributes", "custom_attributes", withIDs, decl, targets, fail)
		checkPromises(req.Config, stored, applied(stored, user, "standard_attributes", "custom_attributes"), false, false, fail)
		return
	}
	if !userEvents[evType] || user == nil {
		return
	}
	decl, targets := readConfig(req.Config, req.Project.Custom)
	stored, _ := objAt(payload, "user")
	model := map[string]any{}
	for _, k := range []string{"standard_attributes", "custom_attributes"} {
		if m, has := user.get(k); has {
			v.Mutated = true
			model[k] = m
			checkPolicy(k, m.(*jsObject), stored, targets, fail)
		} else if s, has := stored.get(k); has {
			model[k] = s
		}
	}
	if !v.Mutated {
		return
	}
	checkPromises(req.Config, stored, applied(stored, user, "standard_attributes", "custom_attributes"),
		evType == "user.pre_create", true, fail)
	if s, ok := model["standard_attributes"].(*jsObject); ok {
		storedStd, _ := objAt(stored, "standard_attributes")
		for _, e := range checkStandard(toGo(s).(map[string]any), owned(payload, stored), toGo(storedStd).(map[string]any)) {
			fail("standard_attributes%s: Authgear rejects the write, the signup fails", e)
		}
	} else if model["standard_attributes"] != nil {
		fail("the stored standard_attributes is not an object: Authgear cannot write it back")
	}
	if c, ok := model["custom_attributes"].(*jsObject); ok {
		for _, e := range checkCustom(toGo(c).(map[string]any), decl) {
			fail("custom_attributes%s: Authgear rejects the write, the signup fails", e)
		}
	} else if model["custom_attributes"] != nil {
		fail("the stored custom_attributes is not an object: Authgear cannot write it back")
	}
	return
}

// applied: the stored user with each map `given` carries (under std and
// custom) in place of the stored one, keyed as the event keys them.
func applied(stored, given *jsObject, std, custom string) *jsObject {
	out := &jsObject{vals: map[string]any{}}
	for _, k := range stored.keys {
		out.keys = append(out.keys, k)
		out.vals[k] = stored.vals[k]
	}
	for _, p := range [][2]string{{std, "standard_attributes"}, {custom, "custom_attributes"}} {
		if m, ok := given.vals[p[0]].(*jsObject); ok {
			if _, had := out.vals[p[1]]; !had {
				out.keys = append(out.keys, p[1])
			}
			out.vals[p[1]] = m
		}
	}
	return out
}

func objAt(o *jsObject, k string) (*jsObject, bool) {
	if o == nil {
		return &jsObject{vals: map[string]any{}}, false
	}
	if v, ok := o.vals[k].(*jsObject); ok {
		return v, true
	}
	return &jsObject{vals: map[string]any{}}, false
}

// Token claims may only be added: none removed, none changed.
func checkToken(muts, payload *jsObject, key string, fail func(string, ...any)) {
	t, has := muts.get(key)
	if !has {
		return
	}
	after, has := t.(*jsObject).get("payload")
	if !has {
		return
	}
	before, _ := objAt(payload, key)
	before, _ = objAt(before, "payload")
	a := after.(*jsObject)
	for _, k := range before.keys {
		w, ok := a.vals[k]
		switch {
		case !ok:
			fail("claim %q removed: invalid JWT mutations, the login fails", k)
		case !sameJS(before.vals[k], w):
			fail("claim %q changed: invalid JWT mutations, the login fails", k)
		}
	}
}

// owned: the e-mails, phone numbers and usernames of the event's identities,
// and the stored ones (Authgear keeps those owned: a stored value the event
// shows came from an identity, whatever a fuzzed identities list says).
func owned(payload, stored *jsObject) map[string]map[string]bool {
	out := map[string]map[string]bool{"email": {}, "phone_number": {}, "preferred_username": {}}
	std, _ := objAt(stored, "standard_attributes")
	for k, set := range out {
		if s, ok := std.vals[k].(jsString); ok {
			set[goString(string(s))] = true
		}
	}
	ids, _ := payload.vals["identities"].([]any)
	for _, id := range ids {
		io, ok := id.(*jsObject)
		if !ok {
			continue
		}
		claims, _ := objAt(io, "claims")
		for k, set := range out {
			if s, ok := claims.vals[k].(jsString); ok && s != "" {
				set[goString(string(s))] = true
			}
		}
	}
	return out
}

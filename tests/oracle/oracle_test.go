package main

// The oracle's own tests: each rule it models, accepted and refused, so a
// model that stopped refusing would fail here before it passed a hook answer.

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jwk"
	"github.com/lestrrat-go/jwx/v2/jwt"
)

const event = `{"type":"user.pre_create","payload":{"user":{"standard_attributes":{"email":"jane@acme.example","email_verified":true,"updated_at":1},"custom_attributes":{}},
 "identities":[{"claims":{"email":"jane@acme.example"}}]},"context":{}}`

func run(t *testing.T, ev, config, response string) verdict {
	t.Helper()
	var req request
	req.Event, req.Response, req.Config = ev, response, json.RawMessage(config)
	v := judge(req)
	v.OK = len(v.Errors) == 0
	return v
}

func answer(standard, custom string) string {
	parts := []string{}
	if standard != "" {
		parts = append(parts, `"standard_attributes":`+standard)
	}
	if custom != "" {
		parts = append(parts, `"custom_attributes":`+custom)
	}
	return `{"is_allowed":true,"mutations":{"user":{` + strings.Join(parts, ",") + `}}}`
}

func TestStandardFormatsAsGoChecksThem(t *testing.T) {
	cfg := `{"standard":{"zoneinfo":{"from":"timezone","policy":"overwrite"},"locale":"locale","picture":"avatar_url",
	 "birthdate":"x","website":"company_website","address":{"country":"country"}}}`
	for value, ok := range map[string]bool{
		`"zoneinfo":"Europe/London"`: true, `"zoneinfo":"Etc/UTC"`: true, `"zoneinfo":"UTC"`: false,
		`"zoneinfo":"Mars/Olympus"`: false, `"zoneinfo":"+01:00"`: false,
		`"locale":"en-US"`: true, `"locale":"zh-Hant-HK"`: true, `"locale":"en_US"`: false, `"locale":"en-us"`: false,
		`"picture":"https://a.example/p.png"`: true, `"picture":"authgearimages:///app/x"`: true,
		`"picture":"ftp://a.example/p.png"`: false, `"picture":"authgearimages://host/x"`: false,
		`"picture":"https://a.example/../p"`: false, `"picture":"https://a.example//p"`: false,
		`"website":"mailto://x"`: true, `"website":"/relative"`: false,
		`"birthdate":"2000-02-29"`: true, `"birthdate":"0000-02-29"`: true, `"birthdate":"--02-28"`: true,
		`"birthdate":"1999"`: true, `"birthdate":"1999-02-29"`: false, `"birthdate":"--02-30"`: false,
		`"address":{"country":"GB"}`: true, `"address":{"country":""}`: false,
		`"zoneinfo":null`: false,
	} {
		std := `{"email":"jane@acme.example",` + value + `}`
		if v := run(t, event, cfg, answer(std, "")); v.OK != ok {
			t.Errorf("%s: ok=%v, want %v (%v)", value, v.OK, ok, v.Errors)
		}
	}
}

func TestBothMapsAreValidatedWhicheverIsReturned(t *testing.T) {
	stale := strings.Replace(event, `"updated_at":1`, `"updated_at":1,"picture":"ftp://files.example/jane.png"`, 1)
	cfg := `{"custom":{"country":{"type":"country_code","from":"country"}}}`
	if v := run(t, stale, cfg, answer("", `{"country":"GB"}`)); v.OK || !strings.Contains(strings.Join(v.Errors, " "), "picture") {
		t.Errorf("a stale stored picture must fail a custom-only answer: %v", v.Errors)
	}
	if v := run(t, stale, cfg, `{"is_allowed":true}`); !v.OK || v.Mutated {
		t.Errorf("no mutation, no write: %v", v.Errors)
	}
	staleEnum := strings.Replace(event, `"custom_attributes":{}`, `"custom_attributes":{"tier":"gold"}`, 1)
	cfg2 := `{"standard":{"zoneinfo":"timezone"},"custom":{"tier":{"type":"enum","enum":["free","pro"]}}}`
	if v := run(t, staleEnum, cfg2, answer(`{"email":"jane@acme.example","zoneinfo":"Europe/London"}`, "")); v.OK {
		t.Error("a stale enum value must fail a standard-only answer")
	}
}

func TestCustomTypes(t *testing.T) {
	cfg := `{"custom":{"n":{"type":"number","from":"latitude","minimum":-90,"maximum":90},"i":{"type":"integer","from":"employee_count","minimum":0},
	 "c":{"type":"country_code","from":"country"},"u":{"type":"url","from":"company_website"},"e":{"type":"enum","enum":["a_1"],"from":"seniority"},
	 "s":{"type":"string","from":"city"},"m":{"type":"email","from":"x"},"p":{"type":"phone_number"}}}`
	for value, ok := range map[string]bool{
		`"n":51.5`: true, `"n":90`: true, `"n":90.0000001`: false, `"n":"51.5"`: false, `"n":5e2147483648`: false,
		`"i":3`: true, `"i":3.0`: true, `"i":3.5`: false, `"i":-1`: false,
		`"c":"GB"`: true, `"c":"XK"`: true, `"c":"AC"`: false, `"c":"UK"`: false, `"c":"gb"`: false,
		`"u":"https://acme.example/"`: true, `"u":"acme.example"`: false,
		`"e":"a_1"`: true, `"e":"A_1"`: false, `"s":"x"`: true, `"s":""`: false, `"s":null`: false,
		`"m":"a@b.example"`: true, `"m":"Jane <a@b.example>"`: false,
		`"p":"+4420"`: false, `"undeclared":null`: false,
	} {
		if v := run(t, event, cfg, answer("", "{"+value+"}")); v.OK != ok {
			t.Errorf("%s: ok=%v, want %v (%v)", value, v.OK, ok, v.Errors)
		}
	}
	// Authgear's own rules, apart from the hook's policy on what it may add.
	if errs := checkCustom(map[string]any{"p": "+442071838750"}, map[string]customDecl{"p": {Type: "phone_number"}}); len(errs) > 0 {
		t.Errorf("a valid E.164 number: %v", errs)
	}
	if errs := checkCustom(map[string]any{"p": "+4420"}, map[string]customDecl{"p": {Type: "phone_number"}}); len(errs) == 0 {
		t.Error("too short a number is not valid")
	}
	if errs := checkStandard(map[string]any{"address": map[string]any{"country": "GB", "extra": "y"}}, nil, nil); len(errs) > 0 {
		t.Errorf("the address object allows other keys: %v", errs)
	}
	if len(alpha2) != 243 {
		t.Errorf("libphonenumber's regions without AC and TA: %d, Authgear lists 243", len(alpha2))
	}
}

func TestStoredValuesComeBackExactly(t *testing.T) {
	ev := strings.Replace(event, `"custom_attributes":{}`, `"custom_attributes":{"odd":"\ud800x","n":1.0}`, 1)
	cfg := `{"custom":{"city":{"type":"string","from":"city"}},"allowUndeclared":true}`
	if v := run(t, ev, cfg, answer("", `{"odd":"\ud800x","n":1,"city":"London"}`)); !v.OK {
		t.Errorf("an exact echo (a lone surrogate kept, 1.0 as 1) passes: %v", v.Errors)
	}
	for _, bad := range []string{`{"odd":"\ufffdx","n":1,"city":"London"}`, `{"odd":"\ud800\u0001x","n":1,"city":"London"}`,
		`{"n":1,"city":"London"}`, `{"odd":"\ud800x","n":2,"city":"London"}`, `{"odd":"\ud800x","n":1}`} {
		if v := run(t, ev, cfg, answer("", bad)); v.OK {
			t.Errorf("%s must be refused", bad)
		}
	}
	filled := strings.Replace(event, `"custom_attributes":{}`, `"custom_attributes":{"city":"Paris"}`, 1)
	if v := run(t, filled, cfg, answer("", `{"city":"London"}`)); v.OK {
		t.Error("policy fill: a filled value must not change")
	}
	if v := run(t, filled, `{"custom":{"city":{"type":"string","from":"city","policy":"overwrite"}}}`, answer("", `{"city":"London"}`)); !v.OK {
		t.Errorf("policy overwrite may change it: %v", v.Errors)
	}
}

func TestResponseShapes(t *testing.T) {
	for resp, ok := range map[string]bool{
		`{"is_allowed":true}`: true, `{"is_allowed":true,"extra":1}`: false, `{}`: false, `null`: false, `not json`: false,
		`{"is_allowed":false,"title":"x"}`: false, `{"is_allowed":true,"mutations":{"user":{"standard_attributes":null}}}`: false,
		`{"is_allowed":true,"mutations":{"other":{}}}`: false, `{"is_allowed":true,"mutations":{"user":{"roles":[]}}}`: false,
	} {
		if v := run(t, event, `{}`, resp); v.OK != ok {
			t.Errorf("%s: ok=%v, want %v (%v)", resp, v.OK, ok, v.Errors)
		}
	}
	auth := `{"type":"authentication.pre_initialize","payload":{},"context":{}}`
	if v := run(t, auth, `{}`, `{"is_allowed":true,"mutations":{}}`); v.OK {
		t.Error("authentication events refuse mutations")
	}
	jwt := `{"type":"oidc.jwt.pre_create","payload":{"user":{},"jwt":{"payload":{"sub":"u","exp":5}}},"context":{}}`
	for resp, ok := range map[string]bool{
		`{"is_allowed":true,"mutations":{"jwt":{"payload":{"sub":"u","exp":5,"ask":["x"]}}}}`: true,
		`{"is_allowed":true,"mutations":{"jwt":{"payload":{"sub":"u","ask":["x"]}}}}`:         false,
		`{"is_allowed":true,"mutations":{"jwt":{"payload":{"sub":"v","exp":5}}}}`:             false,
	} {
		if v := run(t, jwt, `{}`, resp); v.OK != ok {
			t.Errorf("%s: ok=%v, want %v (%v)", resp, v.OK, ok, v.Errors)
		}
	}
}

func runAdmin(t *testing.T, user, config, input string) verdict {
	t.Helper()
	var req request
	req.Config = json.RawMessage(config)
	req.Admin = &adminRequest{User: user, Input: input}
	v := judgeAdmin(req)
	v.OK = len(v.Errors) == 0
	return v
}

func TestAdminApiWrites(t *testing.T) {
	// A stale enum value in the custom map; an e-mail owned by the identity.
	user := `{"standard_attributes":{"email":"jane@acme.example","email_verified":true,"updated_at":1},
	 "custom_attributes":{"plan":"legacy"},"identities":[{"claims":{"email":"jane@acme.example"}}]}`
	config := `{"standard":{"zoneinfo":"timezone"},"custom":{"plan":{"type":"enum","enum":["free","pro"]},
	 "country":{"type":"country_code","from":"country"}}}`
	id := `"VXNlcjpjMmE"` // base64url("User:c2a") without padding
	cases := []struct {
		name, input string
		ok          bool
	}{
		{"only the standard map: the stale custom value is not validated",
			`{"userID":` + id + `,"standardAttributes":{"email":"jane@acme.example","email_verified":true,"updated_at":1,"zoneinfo":"Europe/London"}}`, true},
		{"the custom map given: its stale value fails",
			`{"userID":` + id + `,"customAttributes":{"plan":"legacy","country":"GB"}}`, false},
		{"a stored value dropped",
			`{"userID":` + id + `,"standardAttributes":{"zoneinfo":"Europe/London"}}`, false},
		{"null is no map", `{"userID":` + id + `,"standardAttributes":null}`, false},
		{"no map at all", `{"userID":` + id + `}`, false},
		{"a raw UUID is no node ID",
			`{"userID":"c2a","standardAttributes":{"email":"jane@acme.example","zoneinfo":"Europe/London"}}`, false},
		{"a zone Go cannot load",
			`{"userID":` + id + `,"standardAttributes":{"email":"jane@acme.example","zoneinfo":"Mars/Olympus"}}`, false},
		{"an e-mail no identity owns",
			`{"userID":` + id + `,"standardAttributes":{"email":"x@evil.example","zoneinfo":"Europe/London"}}`, false},
		{"unchanged: a needless write",
			`{"userID":` + id + `,"standardAttributes":{"email":"jane@acme.example"}}`, false},
	}
	for _, c := range cases {
		if v := runAdmin(t, user, config, c.input); v.OK != c.ok {
			t.Errorf("%s: ok=%v, want %v (%v)", c.name, v.OK, c.ok, v.Errors)
		}
	}
}

func TestALoginAnswerIsJudgedAsTheAdminApiWriteItBecomes(t *testing.T) {
	login := strings.Replace(event, "user.pre_create", "user.authenticated", 1)
	config := `{"standard":{"zoneinfo":"timezone"},"custom":{"plan":{"type":"enum","enum":["free"]}}}`
	good := answer(`{"email":"jane@acme.example","zoneinfo":"Europe/London"}`, "")
	if v := run(t, login, config, good); !v.OK || !v.Mutated {
		t.Errorf("a valid login write refused: %v", v.Errors)
	}
	if v := run(t, login, config, answer(`{"zoneinfo":"Europe/London"}`, "")); v.OK {
		t.Error("a login write that drops the stored e-mail passed")
	}
	// Only the maps given are validated, as the Admin API does.
	stale := strings.Replace(login, `"custom_attributes":{}`, `"custom_attributes":{"plan":"legacy"}`, 1)
	if v := run(t, stale, config, good); !v.OK {
		t.Errorf("the custom map was not given, yet its stale value was judged: %v", v.Errors)
	}
}

func TestStatusLineAndUndeclaredPromises(t *testing.T) {
	cfg := `{"standard":{"zoneinfo":"timezone","locale":"locale"},"statusAttribute":"st","onProfileUpdate":true,
	 "custom":{"city":{"type":"string","from":"city"},"st":{"type":"string"}}}`
	update := func(std, custom string) string {
		ev := strings.Replace(event, `"type":"user.pre_create"`, `"type":"user.profile.pre_update"`, 1)
		ev = strings.Replace(ev, `"custom_attributes":{}`, `"custom_attributes":`+custom, 1)
		return strings.Replace(ev, `"updated_at":1}`, `"updated_at":1`+std+`}`, 1)
	}
	// At signup a status line alone is written; elsewhere it is no reason to write.
	if v := run(t, event, cfg, answer("", `{"st":"nothing to set"}`)); !v.OK {
		t.Errorf("a signup's status line: %v", v.Errors)
	}
	ev := update(`,"zoneinfo":"Europe/London"`, `{"st":"zoneinfo<-geo+tzdata"}`)
	if v := run(t, ev, cfg, answer("", `{"st":"zoneinfo<-geo+tzdata; ipinfo.io:429"}`)); v.OK {
		t.Error("a profile update that changes only the status line must be refused")
	}
	if v := run(t, ev, cfg, answer(`{"email":"jane@acme.example","zoneinfo":"Europe/London","locale":"en-GB"}`,
		`{"st":"zoneinfo<-geo+tzdata; locale<-languages"}`)); !v.OK {
		t.Errorf("a value and the line with it: %v", v.Errors)
	}
	// A value the line says the hook set and that is gone now stays gone.
	cleared := update(``, `{"st":"zoneinfo<-geo+tzdata; custom:city cleared"}`)
	if v := run(t, cleared, cfg, answer(`{"email":"jane@acme.example","zoneinfo":"Europe/London"}`, "")); v.OK {
		t.Error("refilling a cleared zoneinfo must be refused")
	}
	if v := run(t, cleared, cfg, answer("", `{"st":"zoneinfo,custom:city cleared; locale<-languages","city":"Paris"}`)); v.OK {
		t.Error("refilling a cleared custom city must be refused")
	}
	if v := run(t, cleared, cfg, answer(`{"email":"jane@acme.example","locale":"en-GB"}`,
		`{"st":"zoneinfo,custom:city cleared; locale<-languages"}`)); !v.OK {
		t.Errorf("filling what was never set: %v", v.Errors)
	}
	// A value said set and never seen (`?`) that is gone: recording it not kept
	// is the one status-only write allowed; refilling it is not.
	unseen := update(`,"zoneinfo":"Europe/London"`, `{"st":"zoneinfo<-geo+tzdata; custom:city<-ipwho.is?"}`)
	if v := run(t, unseen, cfg, answer("", `{"st":"zoneinfo<-geo+tzdata; custom:city not kept"}`)); !v.OK {
		t.Errorf("recording a never-seen value as not kept: %v", v.Errors)
	}
	if v := run(t, unseen, cfg, answer("", `{"st":"zoneinfo<-geo+tzdata; custom:city<-ipwho.is?; ipinfo.io:429"}`)); v.OK {
		t.Error("a status-only write that records nothing as not kept must be refused")
	}
	if v := run(t, unseen, cfg, answer("", `{"st":"zoneinfo<-geo+tzdata; custom:city<-ipwho.is","city":"Paris"}`)); v.OK {
		t.Error("refilling a never-seen value must be refused")
	}
	held := update(`,"zoneinfo":"Europe/London"`, `{"st":"zoneinfo<-geo+tzdata; custom:city<-ipwho.is?","city":"Paris"}`)
	if v := run(t, held, cfg, answer("", `{"st":"zoneinfo<-geo+tzdata; custom:city not kept","city":"Paris"}`)); v.OK {
		t.Error("a held value is no reason for a status-only write")
	}
	// The same promises hold for an Admin API write.
	user := `{"standard_attributes":{"email":"jane@acme.example"},"custom_attributes":{"st":"zoneinfo<-geo+tzdata"}}`
	in := `{"userID":"VXNlcjox","standardAttributes":{"email":"jane@acme.example","zoneinfo":"Europe/London"}}`
	if v := runAdmin(t, user, cfg, in); v.OK {
		t.Error("an Admin API write refilling a cleared value must be refused")
	}
	if v := runAdmin(t, `{"standard_attributes":{"email":"jane@acme.example"},"custom_attributes":{"st":"x"}}`, cfg,
		`{"userID":"VXNlcjox","customAttributes":{"st":"y"}}`); v.OK {
		t.Error("an Admin API write of the status line alone must be refused")
	}
	// An undeclared stored custom attribute: no hook mutation, unless allowed.
	legacy := update(``, `{"legacy":"gold"}`)
	std := `{"email":"jane@acme.example","zoneinfo":"Europe/London"}`
	if v := run(t, legacy, cfg, answer(std, "")); v.OK {
		t.Error("writing while custom_attributes.legacy is undeclared must be refused")
	}
	allowed := strings.Replace(cfg, `"onProfileUpdate":true`, `"onProfileUpdate":true,"allowUndeclared":true`, 1)
	if v := run(t, legacy, allowed, answer(std, "")); !v.OK {
		t.Errorf("allowUndeclared: %v", v.Errors)
	}
}

func TestTokensAsTheAdminAPIMiddlewareJudgesThem(t *testing.T) {
	raw, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	priv, _ := jwk.FromRaw(raw)
	_ = priv.Set(jwk.KeyIDKey, "key-1")
	_ = priv.Set(jwk.AlgorithmKey, jwa.RS256)
	pub, _ := priv.PublicKey()
	set := jwk.NewSet()
	_ = set.AddKey(pub)
	keys, _ := json.Marshal(set)
	sign := func(claims map[string]any, kid string) string {
		tok := jwt.New()
		for k, v := range claims {
			_ = tok.Set(k, v)
		}
		k, _ := jwk.FromRaw(raw)
		_ = k.Set(jwk.KeyIDKey, kid)
		b, err := jwt.Sign(tok, jwt.WithKey(jwa.RS256, k))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	now := time.Now().Unix()
	judge := func(tok, aud string) verdict {
		v := judgeToken(tokenRequest{JWT: tok, Keys: keys, Audience: aud, Now: now})
		v.OK = len(v.Errors) == 0
		return v
	}
	// No `exp` at all: jwx checks it only when present, so a token lasts until its key goes.
	if v := judge(sign(map[string]any{"aud": "myapp", "iat": now - 86400*400}, "key-1"), "myapp"); !v.OK {
		t.Errorf("a token without exp, a year old: %v", v.Errors)
	}
	for name, tok := range map[string]string{
		"another project":  sign(map[string]any{"aud": "other", "iat": now}, "key-1"),
		"another key":      sign(map[string]any{"aud": "myapp", "iat": now}, "key-2"),
		"expired":          sign(map[string]any{"aud": "myapp", "iat": now - 7200, "exp": now - 3600}, "key-1"),
		"issued in future": sign(map[string]any{"aud": "myapp", "iat": now + 3600}, "key-1"),
		"no audience":      sign(map[string]any{"iat": now}, "key-1"),
	} {
		if v := judge(tok, "myapp"); v.OK {
			t.Errorf("%s: must be refused", name)
		}
	}
	// Within the skew.
	if v := judge(sign(map[string]any{"aud": "myapp", "iat": now + 60, "exp": now - 60}, "key-1"), "myapp"); !v.OK {
		t.Errorf("a minute either side is within the skew: %v", v.Errors)
	}
}

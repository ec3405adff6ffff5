package main

// The oracle's own tests: each rule it models, accepted and refused, so a
// model that stopped refusing would fail here before it passed a hook answer.

import (
	"encoding/json"
	"strings"
	"testing"
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
	cfg := `{"custom":{"city":{"type":"string","from":"city"}}}`
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

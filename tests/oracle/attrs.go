package main

// Both attribute maps validated whole, as authgear-server's write path does
// after any user mutation: pkg/lib/feature/stdattrs/service_noevent.go
// (UpdateStandardAttributes: derived keys removed, the picture transformer,
// the schema of pkg/lib/authn/stdattrs/validate.go, identity ownership) and
// pkg/lib/feature/customattrs/service_noevent.go (UpdateAllCustomAttributes:
// every declared attribute against the schema of
// pkg/lib/config/user_profile.go ToSchemaBuilder; undeclared keys dropped).

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/iawaknahc/jsonschema/pkg/jsonschema"
)

// A custom attribute as the project declares it (the portal's config).
type customDecl struct {
	Type    string   `json:"type"`
	Minimum *float64 `json:"minimum,omitempty"`
	Maximum *float64 `json:"maximum,omitempty"`
	Enum    []string `json:"enum,omitempty"`
}

var nonEmpty = map[string]any{"type": "string", "minLength": 1}

var identityKey = map[string]bool{"email": true, "phone_number": true, "preferred_username": true}

func str(format string) map[string]any { return map[string]any{"type": "string", "format": format} }

func standardSchema() map[string]any {
	props := map[string]any{
		"email": str("email"), "phone_number": str("phone"), "preferred_username": nonEmpty,
		"family_name": nonEmpty, "given_name": nonEmpty, "middle_name": nonEmpty, "name": nonEmpty,
		"nickname": nonEmpty, "gender": nonEmpty,
		"picture": str("picture"), "profile": str("uri"), "website": str("uri"),
		"birthdate": str("birthdate"), "zoneinfo": str("timezone"), "locale": str("bcp47"),
	}
	address := map[string]any{}
	for _, p := range []string{"formatted", "street_address", "locality", "region", "postal_code", "country"} {
		address[p] = nonEmpty
	}
	// The address object allows other keys; the map itself does not.
	props["address"] = map[string]any{"type": "object", "properties": address}
	return map[string]any{"type": "object", "additionalProperties": false, "properties": props}
}

func customSchema(decl map[string]customDecl) (map[string]any, error) {
	props := map[string]any{}
	for name, d := range decl {
		var s map[string]any
		switch d.Type {
		case "string":
			s = nonEmpty
		case "number", "integer":
			s = map[string]any{"type": d.Type}
			// Integer bounds are truncated to int64, as MinimumInt64(int64(*c.Minimum)).
			bound := func(f float64) any {
				if d.Type == "integer" {
					return int64(f)
				}
				return f
			}
			if d.Minimum != nil {
				s["minimum"] = bound(*d.Minimum)
			}
			if d.Maximum != nil {
				s["maximum"] = bound(*d.Maximum)
			}
		case "enum":
			vals := make([]any, len(d.Enum))
			for i, v := range d.Enum {
				vals[i] = v
			}
			s = map[string]any{"type": "string", "enum": vals}
		case "phone_number":
			s = str("phone")
		case "email":
			s = str("email")
		case "url":
			s = str("uri")
		case "country_code":
			s = str("alpha2")
		default:
			return nil, fmt.Errorf("custom attribute %s: unknown type %q", name, d.Type)
		}
		props[name] = s
	}
	return map[string]any{"type": "object", "properties": props}, nil
}

// validateSchema applies a schema to a value marshalled as Go marshals it
// (float64 numbers in their shortest form), and lists what fails.
func validateSchema(schema map[string]any, value any) ([]string, error) {
	schemaText, err := json.Marshal(schema)
	if err != nil {
		return nil, err
	}
	col := jsonschema.NewCollection()
	for name, f := range formats {
		col.FormatChecker[name] = formatChecker(f)
	}
	if err := col.AddSchema(strings.NewReader(string(schemaText)), ""); err != nil {
		return nil, err
	}
	data, err := json.Marshal(value)
	if err != nil {
		return nil, err
	}
	node, err := col.Apply(context.Background(), "", strings.NewReader(string(data)))
	if err != nil {
		return nil, err
	}
	if node.Valid {
		return nil, nil
	}
	var errs []string
	collect(node.Verbose(), &errs)
	if len(errs) == 0 {
		errs = []string{"invalid"}
	}
	sort.Strings(errs)
	return errs, nil
}

func collect(n jsonschema.OutputNode, out *[]string) {
	if n.Valid {
		return
	}
	if len(n.Errors) == 0 {
		msg := n.InstanceLocation + ": " + n.Keyword
		if n.Info != nil {
			msg += fmt.Sprintf(" (%v)", n.Info)
		}
		*out = append(*out, msg)
	}
	for _, c := range n.Errors {
		collect(c, out)
	}
}

// checkStandard: the standard map as Authgear would write it. An identity
// value (email, phone_number, preferred_username) echoed as stored is not
// re-checked for format: Authgear made it from an identity whose login ID
// rules are stricter, so a real event never carries a bad one (a fuzzed
// event may, and the hook cannot vouch for libphonenumber's verdict).
func checkStandard(m map[string]any, owned map[string]map[string]bool, stored map[string]any) []string {
	std := map[string]any{}
	for k, v := range m {
		if k != "email_verified" && k != "phone_number_verified" && k != "updated_at" {
			std[k] = v
		}
	}
	schemaMap := map[string]any{}
	for k, v := range std {
		if s, ok := v.(string); !ok || !identityKey[k] || stored[k] != s {
			schemaMap[k] = v
		}
	}
	var errs []string
	// The picture transformer parses the URL before anything is validated.
	if p, ok := std["picture"].(string); ok {
		if _, err := url.Parse(p); err != nil {
			errs = append(errs, "/picture: the transformer cannot parse it")
		}
	}
	verrs, err := validateSchema(standardSchema(), schemaMap)
	if err != nil {
		return []string{"oracle: " + err.Error()}
	}
	errs = append(errs, verrs...)
	for _, k := range []string{"email", "phone_number", "preferred_username"} {
		if v, ok := std[k].(string); ok && owned != nil && !owned[k][v] {
			errs = append(errs, "/"+k+": not owned by any identity")
		}
	}
	return errs
}

func checkCustom(m map[string]any, decl map[string]customDecl) []string {
	schema, err := customSchema(decl)
	if err != nil {
		return []string{"oracle: " + err.Error()}
	}
	errs, err := validateSchema(schema, m)
	if err != nil {
		return []string{"oracle: " + err.Error()}
	}
	return errs
}

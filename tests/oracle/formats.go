package main

// The attribute formats as authgear-server checks them
// (pkg/util/validation/formats.go, pkg/lib/config/formats.go,
// pkg/util/phone/parser.go, pkg/util/territoryutil/alpha2.go), written
// again here from what those files do, with the same Go libraries.

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // Authgear's LoadLocation has the zone database; so does this one.

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/language"
)

type checkFunc func(s string) error

// formats: the names the schemas below use, each a string check (a
// non-string passes: the schema's "type" catches it, as in Authgear).
var formats = map[string]checkFunc{
	"uri":       checkURI,
	"picture":   checkPicture,
	"birthdate": checkBirthdate,
	"timezone":  checkTimezone,
	"bcp47":     checkBCP47,
	"email":     checkEmail,
	"phone":     checkPhone,
	"alpha2":    checkAlpha2,
}

type formatChecker checkFunc

func (f formatChecker) CheckFormat(_ context.Context, v any) error {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	return f(s)
}

// An absolute path that path.Clean leaves as it is (a trailing slash kept).
func checkCleanPath(p string) error {
	if p == "" {
		p = "/"
	}
	cleaned := path.Clean(p)
	if strings.HasSuffix(p, "/") && !strings.HasSuffix(cleaned, "/") {
		cleaned += "/"
	}
	if !path.IsAbs(p) || cleaned != p {
		return fmt.Errorf("path %q is not clean", p)
	}
	return nil
}

func checkURI(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	if u.Scheme == "" || u.Host == "" {
		return errors.New("not an absolute URL")
	}
	return checkCleanPath(u.EscapedPath())
}

func checkPicture(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	switch u.Scheme {
	case "http", "https":
		return checkURI(s)
	case "authgearimages":
		if u.Host != "" {
			return errors.New("an authgearimages URL has no host")
		}
		return checkCleanPath(u.EscapedPath())
	}
	return fmt.Errorf("scheme %q is not http, https or authgearimages", u.Scheme)
}

func checkBirthdate(s string) error {
	for _, layout := range []string{"2006-01-02", "0000-01-02", "--01-02", "2006"} {
		if _, err := time.Parse(layout, s); err == nil {
			return nil
		}
	}
	return errors.New("not a birthdate")
}

func checkTimezone(s string) error {
	if !strings.Contains(s, "/") {
		return errors.New("a zone name has a slash")
	}
	_, err := time.LoadLocation(s)
	return err
}

func checkBCP47(s string) error {
	tag, err := language.Parse(s)
	if err != nil {
		return err
	}
	if tag.String() != s {
		return fmt.Errorf("not canonical (%s)", tag.String())
	}
	return nil
}

func checkEmail(s string) error {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return err
	}
	if a.Name != "" {
		return errors.New("has a display name")
	}
	return nil
}

var e164Input = regexp.MustCompile(`^ *\+[0-9\ \-]*$`)

// Without an app context Authgear applies its strictest rule: possible,
// valid, and the input already in E.164.
func checkPhone(s string) error {
	if !e164Input.MatchString(s) {
		return errors.New("not in E.164")
	}
	n, err := phonenumbers.Parse(s, "")
	if err != nil {
		return errors.New("not in E.164")
	}
	if !phonenumbers.IsPossibleNumber(n) || !phonenumbers.IsValidNumber(n) {
		return errors.New("not a valid number")
	}
	if phonenumbers.Format(n, phonenumbers.E164) != s {
		return errors.New("not in E.164")
	}
	return nil
}

// libphonenumber's regions without AC and TA (the portal's country list lacks them).
var alpha2 = func() []string {
	var out []string
	for r := range phonenumbers.GetSupportedRegions() {
		if r != "AC" && r != "TA" {
			out = append(out, r)
		}
	}
	slices.Sort(out)
	return out
}()

func checkAlpha2(s string) error {
	if _, ok := slices.BinarySearch(alpha2, s); !ok {
		return errors.New("not an ISO 3166-1 alpha-2 code Authgear lists")
	}
	return nil
}

package main

// A bearer token as the Admin API's middleware judges it (authgear-server
// pkg/lib/admin/authz/middleware.go, with the jwx it uses, v2.1.6): parsed
// against the project's public key set (the header's `kid` must name one of
// its keys), then validated for the project ID as audience, with the
// server's clock skew; `exp`, `iat` and `nbf` are checked when present.

import (
	"encoding/json"
	"time"

	"github.com/lestrrat-go/jwx/v2/jwk"
	"github.com/lestrrat-go/jwx/v2/jwt"
)

type tokenRequest struct {
	// JWT is the token as sent after "Bearer ".
	JWT string `json:"jwt"`
	// Keys is the project's Admin API key set, public keys (JWKS).
	Keys json.RawMessage `json:"keys"`
	// Audience is the project ID.
	Audience string `json:"audience"`
	// Now is the server's clock, Unix seconds (0: the real clock).
	Now int64 `json:"now"`
}

// The server's duration.ClockSkew.
const clockSkew = 5 * time.Minute

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

func judgeToken(req tokenRequest) (v verdict) {
	fail := func(msg string) { v.Errors = append(v.Errors, msg) }
	set, err := jwk.Parse(req.Keys)
	if err != nil {
		fail("oracle: the key set is not a JWKS: " + err.Error())
		return
	}
	token, err := jwt.ParseString(req.JWT, jwt.WithKeySet(set), jwt.WithValidate(false))
	if err != nil {
		fail("Forbidden: the token does not verify against the project's keys (" + err.Error() + ")")
		return
	}
	now := time.Now()
	if req.Now != 0 {
		now = time.Unix(req.Now, 0)
	}
	if err := jwt.Validate(token, jwt.WithClock(fixedClock{now}), jwt.WithAudience(req.Audience),
		jwt.WithAcceptableSkew(clockSkew)); err != nil {
		fail("Forbidden: " + err.Error())
	}
	return
}

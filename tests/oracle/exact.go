package main

// A JSON reader with JavaScript's semantics, for the one thing Go's own
// decoder cannot show: whether a value came back exactly as the hook received
// it. Strings keep lone surrogates (as WTF-8 bytes, where encoding/json would
// substitute U+FFFD); numbers are IEEE doubles, as JSON.parse makes them.

import (
	"errors"
	"math"
	"strconv"
	"unicode/utf8"
)

// jsNull, bool, float64, jsString, []any, *jsObject
type jsString string

type jsObject struct {
	keys []string
	vals map[string]any
}

func (o *jsObject) get(k string) (any, bool) {
	v, ok := o.vals[k]
	return v, ok
}

type exactParser struct {
	b []byte
	i int
}

func parseExact(text string) (any, error) {
	p := &exactParser{b: []byte(text)}
	p.ws()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.ws()
	if p.i != len(p.b) {
		return nil, p.fail("trailing characters")
	}
	return v, nil
}

func (p *exactParser) fail(what string) error {
	return errors.New(what + " at byte " + strconv.Itoa(p.i))
}

func (p *exactParser) ws() {
	for p.i < len(p.b) && (p.b[p.i] == ' ' || p.b[p.i] == '\t' || p.b[p.i] == '\n' || p.b[p.i] == '\r') {
		p.i++
	}
}

func (p *exactParser) lit(s string, v any) (any, error) {
	if len(p.b)-p.i >= len(s) && string(p.b[p.i:p.i+len(s)]) == s {
		p.i += len(s)
		return v, nil
	}
	return nil, p.fail("invalid literal")
}

func (p *exactParser) value(depth int) (any, error) {
	if depth > 1000 {
		return nil, p.fail("nesting too deep")
	}
	if p.i >= len(p.b) {
		return nil, p.fail("expected a value")
	}
	switch c := p.b[p.i]; {
	case c == 'n':
		return p.lit("null", nil)
	case c == 't':
		return p.lit("true", true)
	case c == 'f':
		return p.lit("false", false)
	case c == '"':
		s, err := p.str()
		return jsString(s), err
	case c == '[':
		p.i++
		out := []any{}
		p.ws()
		if p.i < len(p.b) && p.b[p.i] == ']' {
			p.i++
			return out, nil
		}
		for {
			p.ws()
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
			p.ws()
			if p.i < len(p.b) && p.b[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.b) && p.b[p.i] == ']' {
				p.i++
				return out, nil
			}
			return nil, p.fail("expected , or ]")
		}
	case c == '{':
		p.i++
		o := &jsObject{vals: map[string]any{}}
		p.ws()
		if p.i < len(p.b) && p.b[p.i] == '}' {
			p.i++
			return o, nil
		}
		for {
			p.ws()
			if p.i >= len(p.b) || p.b[p.i] != '"' {
				return nil, p.fail("expected a key")
			}
			k, err := p.str()
			if err != nil {
				return nil, err
			}
			p.ws()
			if p.i >= len(p.b) || p.b[p.i] != ':' {
				return nil, p.fail("expected :")
			}
			p.i++
			p.ws()
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			// JSON.parse: a repeated key keeps its first position, its last value.
			if _, seen := o.vals[k]; !seen {
				o.keys = append(o.keys, k)
			}
			o.vals[k] = v
			p.ws()
			if p.i < len(p.b) && p.b[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.b) && p.b[p.i] == '}' {
				p.i++
				return o, nil
			}
			return nil, p.fail("expected , or }")
		}
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	}
	return nil, p.fail("expected a value")
}

func (p *exactParser) digits() int {
	n := 0
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		p.i++
		n++
	}
	return n
}

func (p *exactParser) number() (any, error) {
	start := p.i
	if p.b[p.i] == '-' {
		p.i++
	}
	lead := p.i < len(p.b) && p.b[p.i] == '0'
	if n := p.digits(); n == 0 || (lead && n > 1) {
		return nil, p.fail("invalid number")
	}
	if p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		if p.digits() == 0 {
			return nil, p.fail("invalid number")
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		if p.digits() == 0 {
			return nil, p.fail("invalid number")
		}
	}
	// strconv rounds correctly, as JSON.parse does; out of range is ±Inf there too.
	f, err := strconv.ParseFloat(string(p.b[start:p.i]), 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return nil, p.fail("invalid number")
	}
	return f, nil
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	return r, true
}

// appendWTF8 encodes a code point, a lone surrogate included, the way UTF-8 would.
func appendWTF8(out []byte, r rune) []byte {
	if r >= 0xD800 && r <= 0xDFFF {
		return append(out, byte(0xE0|r>>12), byte(0x80|(r>>6)&0x3F), byte(0x80|r&0x3F))
	}
	return utf8.AppendRune(out, r)
}

func (p *exactParser) str() (string, error) {
	p.i++
	var out []byte
	for {
		if p.i >= len(p.b) {
			return "", p.fail("unterminated string")
		}
		c := p.b[p.i]
		p.i++
		switch {
		case c == '"':
			return string(out), nil
		case c < 0x20:
			return "", p.fail("control character in string")
		case c != '\\':
			out = append(out, c)
			continue
		}
		if p.i >= len(p.b) {
			return "", p.fail("unterminated string")
		}
		e := p.b[p.i]
		p.i++
		switch e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(p.b[p.i:])
			if !ok {
				return "", p.fail("invalid \\u escape")
			}
			p.i += 4
			// A pair only when a low surrogate escape follows at once (JSON.parse's rule).
			if r >= 0xD800 && r < 0xDC00 && len(p.b)-p.i >= 6 && p.b[p.i] == '\\' && p.b[p.i+1] == 'u' {
				if lo, ok := hex4(p.b[p.i+2:]); ok && lo >= 0xDC00 && lo <= 0xDFFF {
					p.i += 6
					r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
				}
			}
			out = appendWTF8(out, r)
		default:
			return "", p.fail("invalid escape")
		}
	}
}

// relay is what the JavaScript runner hands Authgear: JSON.stringify of the
// parsed value, where a number too large for a double became Infinity and
// is written as null.
func relay(v any) any {
	switch t := v.(type) {
	case float64:
		if math.IsInf(t, 0) || math.IsNaN(t) {
			return nil
		}
		return t
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = relay(x)
		}
		return out
	case *jsObject:
		o := &jsObject{keys: t.keys, vals: map[string]any{}}
		for _, k := range t.keys {
			o.vals[k] = relay(t.vals[k])
		}
		return o
	}
	return v
}

// sameJS: equal as JavaScript values would be after a JSON round trip.
func sameJS(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case float64:
		y, ok := b.(float64)
		return ok && x == y
	case jsString:
		y, ok := b.(jsString)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameJS(x[i], y[i]) {
				return false
			}
		}
		return true
	case *jsObject:
		y, ok := b.(*jsObject)
		if !ok || len(x.keys) != len(y.keys) {
			return false
		}
		for _, k := range x.keys {
			w, ok := y.vals[k]
			if !ok || !sameJS(x.vals[k], w) {
				return false
			}
		}
		return true
	}
	return false
}

// toGo: the value as encoding/json would hand it to Authgear (lone
// surrogates become U+FFFD, as Go's decoder makes them).
func toGo(v any) any {
	switch t := v.(type) {
	case jsString:
		return goString(string(t))
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = toGo(x)
		}
		return out
	case *jsObject:
		m := map[string]any{}
		for _, k := range t.keys {
			m[goString(k)] = toGo(t.vals[k])
		}
		return m
	}
	return v
}

// goString turns each WTF-8 lone surrogate into one U+FFFD, as encoding/json
// decodes a lone surrogate escape.
func goString(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == 0xED && i+2 < len(s) && s[i+1] >= 0xA0 {
			out = utf8.AppendRune(out, utf8.RuneError)
			i += 2
			continue
		}
		out = append(out, s[i])
	}
	return string(out)
}

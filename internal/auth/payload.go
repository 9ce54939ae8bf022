package auth

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The one reader of JWT segments: the Verifier, the mock (which names the client of a request
// before it authenticates it, and lets deviations read unverified claims) and the suite (which
// forges tokens from a configured one) all decode through it. Claim names are exact: encoding/
// json would match "ROLES" or "Roles" to a roles field, so segments are read as objects of
// exactly named members, a name given twice being malformed.

// Payload returns the claims of token's payload by exact name, verifying nothing. The error
// wraps ErrMalformed unless token has three dot-separated segments and its payload is a
// base64url JSON object in which no name repeats.
func Payload(token string) (map[string]json.RawMessage, error) {
	_, payload, err := segments(token)
	if err != nil {
		return nil, err
	}
	return payload, nil
}

// segments decodes token's header and payload.
func segments(token string) (header, payload map[string]json.RawMessage, err error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, nil, fail(ErrMalformed, "not three dot-separated segments")
	}
	for i, dst := range []*map[string]json.RawMessage{&header, &payload} {
		raw, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil {
			return nil, nil, fail(ErrMalformed, []string{"header", "payload"}[i]+" is not base64url")
		}
		if *dst, err = decodeObject(raw); err != nil {
			return nil, nil, fail(ErrMalformed, []string{"header", "payload"}[i]+" is not a JSON object: "+err.Error())
		}
	}
	return header, payload, nil
}

// decodeObject reads one JSON object (nothing after it but white space) into its members by
// exact name; a repeated name is an error.
func decodeObject(data []byte) (map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("not an object")
	}
	out := map[string]json.RawMessage{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, errors.New("not valid JSON")
		}
		name, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, errors.New("not valid JSON")
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("member %q given twice", clip(name))
		}
		out[name] = v
	}
	if _, err := dec.Token(); err != nil {
		return nil, errors.New("not valid JSON")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("data after the object")
	}
	return out, nil
}

// UnverifiedIdentity returns the caller a token names, verifying nothing: for a server that
// must name the client of a request before it authenticates it, or a deliberately faulty one
// that lets unverified tokens in. The error wraps ErrMalformed when the token cannot be read.
func UnverifiedIdentity(token string) (Identity, error) {
	payload, err := Payload(token)
	if err != nil {
		return Identity{}, err
	}
	c := &tokenClaims{}
	if err := c.fromMembers(payload); err != nil {
		return Identity{}, fail(ErrMalformed, err.Error())
	}
	aud := ""
	if len(c.Audience) > 0 {
		aud = c.Audience[0]
	}
	return identityFrom(c, aud), nil
}

// UnverifiedAudiences returns the aud claim of a token (a string or an array of strings),
// verifying nothing; nil when the token or its aud cannot be read.
func UnverifiedAudiences(token string) []string {
	payload, err := Payload(token)
	if err != nil {
		return nil
	}
	var aud audienceClaim
	if raw, ok := payload["aud"]; !ok || json.Unmarshal(raw, &aud) != nil {
		return nil
	}
	return aud
}

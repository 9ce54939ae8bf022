package report

import (
	"encoding/json"
	"testing"
)

func TestStatusOrder(t *testing.T) {
	order := []Status{StatusUnknown, StatusSkip, StatusPass, StatusFail, StatusError}
	for i := 1; i < len(order); i++ {
		if order[i-1] >= order[i] {
			t.Errorf("%v should rank below %v", order[i-1], order[i])
		}
	}
}

func TestStatusRaiseOnlyRaises(t *testing.T) {
	cases := []struct {
		children []Status
		want     Status
	}{
		{nil, StatusUnknown},
		{[]Status{StatusPass, StatusSkip}, StatusPass},
		{[]Status{StatusPass, StatusFail, StatusPass}, StatusFail},
		{[]Status{StatusError, StatusFail, StatusPass}, StatusError},
		{[]Status{StatusSkip, StatusUnknown}, StatusSkip},
	}
	for _, c := range cases {
		var parent Status
		for _, s := range c.children {
			parent.Raise(s)
		}
		if parent != c.want {
			t.Errorf("raise over %v = %v, want %v", c.children, parent, c.want)
		}
	}
}

func TestStatusJSONWords(t *testing.T) {
	for s, word := range map[Status]string{StatusPass: "pass", StatusFail: "fail", StatusSkip: "skip", StatusError: "error", StatusUnknown: "unknown"} {
		b, err := json.Marshal(s)
		if err != nil || string(b) != `"`+word+`"` {
			t.Errorf("Marshal(%d) = %s, %v; want %q", int(s), b, err, word)
		}
		var back Status
		if err := json.Unmarshal(b, &back); err != nil || back != s {
			t.Errorf("Unmarshal(%s) = %v, %v; want %v", b, back, err, s)
		}
	}
	var s Status
	if err := json.Unmarshal([]byte(`"passed"`), &s); err == nil {
		t.Error(`Unmarshal("passed") should fail`)
	}
	if _, err := json.Marshal(Status(9)); err == nil {
		t.Error("Marshal of an out-of-range status should fail")
	}
}

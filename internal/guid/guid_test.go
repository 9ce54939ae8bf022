package guid

import (
	"regexp"
	"testing"
)

var v4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestNewIsARandomVersion4GUID(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		g := New()
		if !v4.MatchString(g) {
			t.Fatalf("%q is not a lower-case version 4 GUID", g)
		}
		if seen[g] {
			t.Fatalf("%q came twice", g)
		}
		seen[g] = true
	}
}

var machineID = regexp.MustCompile(`^[0-9a-f]{40}$`)

func TestMachineIDIs40RandomHexDigits(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := MachineID()
		if !machineID.MatchString(id) {
			t.Fatalf("%q is not 40 lower-case hex digits", id)
		}
		if seen[id] {
			t.Fatalf("%q came twice", id)
		}
		seen[id] = true
	}
}

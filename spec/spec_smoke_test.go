package spec

import (
	"context"
	"testing"
)

func TestSmoke(t *testing.T) {
	for _, p := range Profiles() {
		if _, err := Load(context.Background(), p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Requirements(); err != nil {
		t.Fatal(err)
	}
}

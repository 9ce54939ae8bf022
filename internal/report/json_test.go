package report

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/isoconform/isoconform/internal/redact"
)

func TestJSONRoundTrip(t *testing.T) {
	run := sampleRun()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, run, redact.New()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	back, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, run) {
		t.Errorf("loaded run differs from the written one:\n got %+v\nwant %+v", back, run)
	}
}

func TestParseRejectsOtherSchemas(t *testing.T) {
	cases := map[string]string{
		`{"schemaVersion":"isoconform.report/v2"}`: `unsupported report schema version "isoconform.report/v2"`,
		`{"verdict":"conformant"}`:                 "not an isoconform report",
		`[1,2]`:                                    "not a JSON report",
		`{"schemaVersion":"isoconform.report/v1","scenarios":[{"status":"passed"}]}`: `unknown status "passed"`,
	}
	for in, want := range cases {
		_, err := Parse([]byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%s) error = %v, want it to mention %q", in, err, want)
		}
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("Load of a missing file must fail")
	}
}

package report

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/isoconform/isoconform/internal/redact"
)

// WriteJSON writes run as the versioned JSON report (schema SchemaVersion),
// indented, with every string redacted by red (nil hides only bearer
// credentials and JWTs).
func WriteJSON(w io.Writer, run *Run, red *redact.Redactor) error {
	return writeRedacted(w, run, red, func(w io.Writer, r *Run) error {
		r.SchemaVersion = SchemaVersion
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(r)
	})
}

// Load reads a JSON report written by WriteJSON. It rejects a file that is
// not an isoconform report or whose schema version this build does not read.
func Load(path string) (*Run, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load report: %w", err)
	}
	run, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("load report %s: %w", path, err)
	}
	return run, nil
}

// Parse decodes a JSON report; see Load.
func Parse(b []byte) (*Run, error) {
	var head struct {
		SchemaVersion *string `json:"schemaVersion"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, fmt.Errorf("not a JSON report: %w", err)
	}
	switch {
	case head.SchemaVersion == nil:
		return nil, fmt.Errorf("not an isoconform report: no schemaVersion field")
	case *head.SchemaVersion != SchemaVersion:
		return nil, fmt.Errorf("unsupported report schema version %q: this isoconform reads %q", *head.SchemaVersion, SchemaVersion)
	}
	var run Run
	if err := json.Unmarshal(b, &run); err != nil {
		return nil, fmt.Errorf("report schema %s: %w", SchemaVersion, err)
	}
	return &run, nil
}

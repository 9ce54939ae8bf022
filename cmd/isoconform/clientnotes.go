package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/isoconform/isoconform/internal/httpx"
	"github.com/isoconform/isoconform/internal/mock"
)

// notesPath is where the mock lists what it refused that was not the client's fault: calls
// to documented endpoints it does not emulate, answers an active deviation or variant made.
const notesPath = "/_isoconform/notes"

// fetchNotes reads the mock's notes; a mock that serves none (an older one) has none.
func fetchNotes(ctx context.Context, client *httpx.Client, target string) ([]mock.Note, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, usagef("--mock: %v", err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set(mock.ProbeHeader, "client-check")
	ex, err := client.Do(ctx, req)
	if err != nil {
		return nil, err
	}
	if ex.StatusCode == http.StatusNotFound {
		return nil, nil
	}
	var body struct {
		Notes *[]mock.Note `json:"notes"`
	}
	if ex.StatusCode != http.StatusOK || json.Unmarshal(ex.ResponseBody, &body) != nil || body.Notes == nil {
		return nil, fmt.Errorf("%s did not answer the list it serves: is it an isoconform mock?", target)
	}
	return *body.Notes, nil
}

// printNotes prints the notes, which never make the check fail.
func printNotes(w io.Writer, notes []mock.Note, mockURL string) {
	if len(notes) == 0 {
		return
	}
	fmt.Fprintf(w, "%d note(s) recorded by the mock at %s (not the client's fault; they do not fail the check):\n", len(notes), mockURL)
	for i, n := range notes {
		fmt.Fprintf(w, "%d. %s: %s %s answered %d at %s\n   %s\n", i+1, n.Kind, n.Method, n.Path, n.Status, n.Time.Format(time.RFC3339), n.Message)
	}
	fmt.Fprintln(w)
}

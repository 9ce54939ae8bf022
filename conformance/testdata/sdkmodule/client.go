// Package sdkmodule stands for another team's SDK: a module of its own that imports the
// public isoconform packages from its go test, as any other module would.
package sdkmodule

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// Client isolates machines through the API at Base with a bearer Token. Careless makes it
// commit the mistakes integrations are known for: lower-case body properties and no
// Content-Type.
type Client struct {
	Base     string
	Token    string
	Careless bool
	HTTP     *http.Client
}

// Isolate asks for a full isolation of machine and returns the HTTP status and action id.
func (c Client) Isolate(ctx context.Context, machine, comment string) (int, string, error) {
	body := map[string]string{"Comment": comment, "IsolationType": "Full"}
	if c.Careless {
		body = map[string]string{"comment": comment, "isolationType": "Full"}
	}
	b, err := json.Marshal(body)
	if err != nil {
		return 0, "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.Base+"/machines/"+machine+"/isolate", bytes.NewReader(b))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	if !c.Careless {
		req.Header.Set("Content-Type", "application/json")
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	var action struct {
		ID string `json:"id"`
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return resp.StatusCode, "", err
	}
	if resp.StatusCode == http.StatusCreated {
		if err := json.Unmarshal(data, &action); err != nil {
			return resp.StatusCode, "", fmt.Errorf("isolate: %w", err)
		}
	}
	return resp.StatusCode, action.ID, nil
}

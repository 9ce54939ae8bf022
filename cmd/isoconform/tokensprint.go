package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/isoconform/isoconform/fixtures"
	"github.com/isoconform/isoconform/internal/mock"
	"github.com/isoconform/isoconform/internal/steps"
	"github.com/isoconform/isoconform/spec"
)

// printTokens prints, per profile, a shell export of a fresh token for each
// fixture principal, then a curl example that isolates a fixture machine.
// These are the mock's own test tokens, worthless anywhere else.
func printTokens(w io.Writer, srv *mock.Server, root string) error {
	machines := srv.Machines()
	if len(machines) == 0 {
		return fmt.Errorf("the mock has no fixture machines")
	}
	body, err := fixtures.Request(fixtures.SeedExampleCorrected)
	if err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "# Tokens the mock accepts (fixture principals; valid only for this mock process):")
	for _, p := range spec.Profiles() {
		fmt.Fprintf(w, "# profile %s, base URL %s%s\n", p, root, p.BasePath())
		for _, role := range srv.Roles(p) {
			tok, err := srv.Token(role, p)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "export %s='%s'\n", steps.TokenEnv(role), tok)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "# Isolate a fixture machine (preview-2017), then read the action back:")
	fmt.Fprintf(w, "curl -i -X POST '%s%s/machines/%s/isolate' \\\n  -H \"Authorization: Bearer $%s\" \\\n  -H 'Content-Type: application/json' \\\n  --data-raw '%s'\n",
		root, spec.Preview2017.BasePath(), machines[0].ID, steps.TokenEnv(steps.RoleSecurityAdministrator), compact(body))
	fmt.Fprintf(w, "curl -i '%s%s/machineactions/ACTION_ID' -H \"Authorization: Bearer $%s\"\n",
		root, spec.Preview2017.BasePath(), steps.TokenEnv(steps.RoleSecurityAdministrator))
	fmt.Fprintln(w)
	return nil
}

// compact returns a JSON document on one line (or b unchanged if invalid).
func compact(b []byte) string {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return string(b)
	}
	return buf.String()
}

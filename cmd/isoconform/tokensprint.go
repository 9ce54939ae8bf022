package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/isoconform/isoconform/fixtures"
	"github.com/isoconform/isoconform/internal/mock"
	"github.com/isoconform/isoconform/internal/steps"
	"github.com/isoconform/isoconform/spec"
)

// printTokens prints, per profile, the shell exports that point `isoconform run`
// at this mock (base URL, machines, one scenario per machine at once, and a
// token for every role the suite uses, the broken ones included), then the
// machines, the applications' client credentials and a curl example. These are
// the mock's own test tokens and fixture secrets, worthless anywhere else.
func printTokens(w io.Writer, srv *mock.Server, root string) error {
	machines := srv.Machines()
	if len(machines) == 0 {
		return fmt.Errorf("the mock has no fixture machines")
	}
	body, err := fixtures.Request(fixtures.SeedExampleCorrected)
	if err != nil {
		return err
	}
	ids := make([]string, len(machines))
	for i, m := range machines {
		ids[i] = m.ID
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "# Tokens the mock accepts, one block per profile (valid only for this mock process).")
	fmt.Fprintln(w, "# Paste one block into a shell and run the suite against this mock with the line after it.")
	for _, p := range spec.Profiles() {
		fmt.Fprintf(w, "# profile %s, base URL %s%s\n", p, root, p.BasePath())
		fmt.Fprintf(w, "export ISOCONFORM_PROFILE='%s'\n", p)
		fmt.Fprintf(w, "export ISOCONFORM_BASE_URL='%s%s'\n", root, p.BasePath())
		fmt.Fprintf(w, "export ISOCONFORM_MACHINE_ID='%s'\n", strings.Join(ids, ","))
		fmt.Fprintf(w, "export ISOCONFORM_CONCURRENCY='%d'\n", len(ids))
		for _, role := range steps.ProfileRoles(p) {
			tok, err := roleToken(srv, role, p)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "export %s='%s'\n", steps.TokenEnv(role), tok)
		}
		fmt.Fprintln(w, "isoconform run")
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "# Machines (id  computerDnsName):\n")
	for _, m := range machines {
		fmt.Fprintf(w, "#   %s  %s\n", m.ID, m.ComputerDNSName)
	}
	fmt.Fprintf(w, "# Client credentials for the token endpoints (POST %s/%s/oauth2/token or .../oauth2/v2.0/token):\n", root, srv.TenantID())
	for _, a := range srv.Applications() {
		fmt.Fprintf(w, "#   %-16s client_id=%s client_secret=%s\n", a.Role, a.ClientID, a.ClientSecret)
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

// roleToken returns the token the suite uses for role in profile p: a fixture principal's, or
// a broken one (expired, wrong-audience, wrong-issuer) of the principal allowed to isolate.
func roleToken(srv *mock.Server, role string, p spec.Profile) (string, error) {
	if slices.Contains(mock.AttackKinds(), role) {
		return srv.AttackToken(role, p)
	}
	return srv.Token(role, p)
}

// compact returns a JSON document on one line (or b unchanged if invalid).
func compact(b []byte) string {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return string(b)
	}
	return buf.String()
}

package spec

import (
	"encoding/json"
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
)

// AuthorizationExtension is the operation extension that says who may call it: OpenAPI 3.0
// has no field for directory roles or permission names.
const AuthorizationExtension = "x-isoconform-authorization"

// DirectoryRole is an Entra ID built-in role, named and identified by its template id (the
// value tokens carry in `wids`).
type DirectoryRole struct {
	Name       string `json:"name"`
	TemplateID string `json:"templateId"`
}

// Permissions names the permissions that allow a call, any one of them sufficing.
type Permissions struct {
	// Application permissions, carried in an application token's `roles` claim.
	Application []string `json:"application"`
	// Delegated permissions, carried in a user token's `scp` claim.
	Delegated []string `json:"delegated"`
}

// Authorization says who may call an operation: a user holding any of DirectoryRoles
// (preview-2017), or a token holding any of Permissions (current).
type Authorization struct {
	DirectoryRoles []DirectoryRole `json:"directoryRoles,omitempty"`
	Permissions    Permissions     `json:"permissions"`
}

// OperationAuthorization reads an operation's authorization extension.
func OperationAuthorization(op *openapi3.Operation) (Authorization, error) {
	var a Authorization
	raw, ok := op.Extensions[AuthorizationExtension]
	if !ok {
		return a, fmt.Errorf("spec: operation %s has no %s", op.OperationID, AuthorizationExtension)
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return a, fmt.Errorf("spec: operation %s: %w", op.OperationID, err)
	}
	if err := json.Unmarshal(b, &a); err != nil {
		return a, fmt.Errorf("spec: operation %s: bad %s: %w", op.OperationID, AuthorizationExtension, err)
	}
	if len(a.DirectoryRoles) == 0 && len(a.Permissions.Application) == 0 && len(a.Permissions.Delegated) == 0 {
		return a, fmt.Errorf("spec: operation %s: %s names nobody", op.OperationID, AuthorizationExtension)
	}
	return a, nil
}

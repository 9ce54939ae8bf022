package auth

// Built-in Entra ID directory role template ids, as carried in the wids claim.
const (
	// RoleGlobalAdministrator is the Global Administrator role template id.
	RoleGlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10"
	// RoleSecurityAdministrator is the Security Administrator role template id.
	RoleSecurityAdministrator = "194ae4cb-b126-40b2-bd5b-6091b380977d"
	// RoleSecurityReader is the Security Reader role template id.
	RoleSecurityReader = "5d6b6bb7-de71-4623-b4af-96380a352509"
	// RoleSecurityOperator is the Security Operator role template id.
	RoleSecurityOperator = "5f2222b1-57c3-48ba-8ad5-d4759f1fde6f"
	// RoleDefaultUser is the id every member user's wids carries besides its roles.
	RoleDefaultUser = "b79fbf4d-3ef9-4689-8143-76b194e85509"
)

// Defender for Endpoint permissions, carried in roles (applications) or scp
// (delegated tokens).
const (
	// PermissionMachineIsolate allows isolating and releasing machines.
	PermissionMachineIsolate = "Machine.Isolate"
	// PermissionMachineReadAll is the application permission to read machines.
	PermissionMachineReadAll = "Machine.Read.All"
	// PermissionMachineRead is the delegated permission to read machines.
	PermissionMachineRead = "Machine.Read"
)

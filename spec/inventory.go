package spec

import (
	"fmt"
	"sort"

	"github.com/getkin/kin-openapi/openapi3"
)

// Inventory returns every item of a document that some requirement must cover and some
// scenario must exercise, in the keys requirements.yaml uses:
//
//	status:<code>             a response status of any operation
//	enum:<Name>.<value>       a value of an enum schema, named by its component schema or,
//	                          for an inline schema, by its property name
//	role:<name>               a directory role of x-isoconform-authorization
//	permission:<name>         a permission of x-isoconform-authorization
//
// Each key maps to where it occurs, for messages.
func Inventory(doc *openapi3.T) (map[string][]string, error) {
	inv := map[string][]string{}
	add := func(key, where string) { inv[key] = append(inv[key], where) }
	for _, path := range doc.Paths.InMatchingOrder() {
		for method, op := range doc.Paths.Value(path).Operations() {
			where := method + " " + path
			for code := range op.Responses.Map() {
				add("status:"+code, where)
			}
			a, err := OperationAuthorization(op)
			if err != nil {
				return nil, err
			}
			for _, r := range a.DirectoryRoles {
				add("role:"+r.Name, where)
			}
			for _, p := range append(append([]string{}, a.Permissions.Application...), a.Permissions.Delegated...) {
				add("permission:"+p, where)
			}
		}
	}
	names := make([]string, 0, len(doc.Components.Schemas))
	for name := range doc.Components.Schemas {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		collectEnums(name, doc.Components.Schemas[name].Value, "#/components/schemas/"+name, add)
	}
	return inv, nil
}

// collectEnums records a schema's enum values and walks its inline parts. A part that refers
// to a named schema is skipped: that schema is recorded under its own name.
func collectEnums(name string, s *openapi3.Schema, where string, add func(key, where string)) {
	if s == nil {
		return
	}
	for _, v := range s.Enum {
		add(fmt.Sprintf("enum:%s.%v", name, v), where)
	}
	for prop, p := range s.Properties {
		if p.Ref == "" {
			collectEnums(prop, p.Value, where+"/properties/"+prop, add)
		}
	}
	if s.Items != nil && s.Items.Ref == "" {
		collectEnums(name, s.Items.Value, where+"/items", add)
	}
}

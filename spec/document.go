package spec

import (
	"context"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// ProfileExtension is the path-item extension that names the profile a path belongs to.
const ProfileExtension = "x-isoconform-profile"

// LoadFull parses and validates the whole embedded document, both profiles, as written.
func LoadFull(ctx context.Context) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openAPIDocument)
	if err != nil {
		return nil, fmt.Errorf("spec: parse isolate.openapi.yaml: %w", err)
	}
	if err := doc.Validate(ctx, validationOptions()...); err != nil {
		return nil, fmt.Errorf("spec: isolate.openapi.yaml is not a valid OpenAPI 3.0 document: %w", err)
	}
	return doc, nil
}

// Load returns the document shaped for one profile: only that profile's paths, keyed relative
// to its base path, with `servers` rewritten to the relative base path(s) so a router matches
// requests sent to any host. Each call returns a fresh document the caller may keep.
func Load(ctx context.Context, p Profile) (*openapi3.T, error) {
	if _, err := ParseProfile(string(p)); err != nil {
		return nil, err
	}
	doc, err := LoadFull(ctx)
	if err != nil {
		return nil, err
	}
	base := p.BasePath()
	paths := openapi3.NewPaths()
	for key, item := range doc.Paths.Map() {
		if profileOf(item) != p {
			continue
		}
		rel, ok := strings.CutPrefix(key, base)
		if !ok || !strings.HasPrefix(rel, "/") {
			return nil, fmt.Errorf("spec: path %q is tagged %s but is not under %s", key, p, base)
		}
		paths.Set(rel, item)
	}
	if paths.Len() == 0 {
		return nil, fmt.Errorf("spec: no paths for profile %s", p)
	}
	doc.Paths = paths
	doc.Servers = nil
	for _, b := range p.BasePaths() {
		doc.Servers = append(doc.Servers, &openapi3.Server{URL: b})
	}
	if err := doc.Validate(ctx, validationOptions()...); err != nil {
		return nil, fmt.Errorf("spec: %s document is not valid: %w", p, err)
	}
	return doc, nil
}

// profileOf reads a path item's profile extension.
func profileOf(item *openapi3.PathItem) Profile {
	v, _ := item.Extensions[ProfileExtension].(string)
	return Profile(v)
}

// validationOptions are the document validation options: examples are validated against
// their schemas with the project's string formats.
func validationOptions() []openapi3.ValidationOption {
	return []openapi3.ValidationOption{
		openapi3.EnableSchemaFormatValidation(),
		openapi3.EnableExamplesValidation(),
	}
}

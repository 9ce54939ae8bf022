// Package features embeds the Gherkin feature files of the isoconform suite, one file per
// requirement area, so that importing the library is enough to run it.
package features

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"sort"
)

//go:embed *.feature
var files embed.FS

// FS returns the feature files; every file sits at the root, one file per requirement area
// (the area is the registry's; the file is named for what its scenarios check).
func FS() fs.FS { return files }

// Names returns the feature file names, sorted.
func Names() []string {
	entries, _ := fs.ReadDir(files, ".")
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

// SHA256 returns the hex SHA-256 over every feature file, each name and content in name order,
// for reports: two runs with the same value ran the same scenarios.
func SHA256() string {
	h := sha256.New()
	for _, name := range Names() {
		b, _ := fs.ReadFile(files, name)
		h.Write([]byte(name))
		h.Write([]byte{0})
		h.Write(b)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

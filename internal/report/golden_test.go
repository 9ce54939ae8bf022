package report

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/isoconform/isoconform/internal/redact"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current writers")

// writers are every output format, by golden file name.
var writers = []struct {
	golden string
	write  func(io.Writer, *Run, *redact.Redactor) error
}{
	{"junit.golden", WriteJUnit},
	{"cucumber.golden", WriteCucumber},
	{"report.golden", WriteJSON},
	{"console.golden", WriteSummary},
	{"report.html.golden", WriteHTML},
}

func TestGolden(t *testing.T) {
	run := sampleRun()
	for _, w := range writers {
		t.Run(w.golden, func(t *testing.T) {
			var buf bytes.Buffer
			if err := w.write(&buf, run, redact.New()); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", w.golden)
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("output differs from %s (rerun with -update if the change is intended):\n%s", path, buf.String())
			}
		})
	}
}

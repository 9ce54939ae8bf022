package report

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/isoconform/isoconform/internal/redact"
)

// findChromium returns the Chromium binary or skips the test, saying why.
func findChromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	for _, p := range []string{"/usr/bin/chromium", "chromium"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	t.Skip("chromium not installed (Debian: apt-get install -y chromium); the HTML report was not checked in a browser")
	return ""
}

// shotDir is where screenshots go: $ISOCONFORM_SCREENSHOT_DIR if set (to
// look at them, or to keep them as CI artifacts), else a temporary dir.
func shotDir(t *testing.T) string {
	if d := os.Getenv("ISOCONFORM_SCREENSHOT_DIR"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

func TestHTMLInBrowser(t *testing.T) {
	chromium := findChromium(t)
	dir := shotDir(t)
	cases := []struct {
		name     string
		run      *Run
		red      *redact.Redactor
		verdict  string
		failedID string
	}{
		{"conformant", cleanRun(), redact.New(), "CONFORMANT", ""},
		{"non-conformant", leakyRun(), redact.New(canary, awkward), "NON-CONFORMANT", "ISO-BODY-002"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkHTMLInBrowser(t, chromium, dir, c.name, c.run, c.red, c.verdict, c.failedID)
		})
	}
}

// checkHTMLInBrowser renders run to a file, looks at it in Chromium and
// checks it; screenshots go to dir/report-name-*.png.
func checkHTMLInBrowser(t *testing.T, chromium, dir, name string, run *Run, red *redact.Redactor, verdict, failedID string) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, run, red); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	b := browse(t, chromium, file, filepath.Join(dir, "report-"+name))
	checkBrowsed(t, b, verdict, failedID, len(run.Requirements))
}

// checkBrowsed asserts what every rendered report must show.
func checkBrowsed(t *testing.T, b browsed, verdict, failedID string, requirements int) {
	t.Helper()
	d := b.desktop
	// The verdict word is a line of its own near the top of the page.
	if at := strings.Index(d.Text, "\n"+verdict+"\n"); at < 0 || at > 200 {
		t.Errorf("the verdict %q is not a line at the top of the visible text (offset %d):\n%.600s", verdict, at, d.Text)
	}
	// "eyJ" opens every JWT, such as the tokens the embedded mock issues.
	for _, f := range []string{canary, awkward, jwt[:24], "p&ss", "eyJ"} {
		for _, s := range []pageState{b.desktop, b.print} {
			if strings.Contains(s.Text, f) || strings.Contains(s.HTML, f) {
				t.Errorf("the page contains the secret %q", f)
			}
		}
	}
	if failedID != "" {
		// The failed requirement is named under the verdict, before the matrix.
		if at := strings.Index(d.Text, failedID); at < 0 || at > strings.Index(d.Text, "Requirements by area") {
			t.Errorf("the failed requirement %s is not named above the matrix (offset %d)", failedID, at)
		}
		for _, want := range []string{failedID, "FAIL", "Expected", "Actual"} {
			if !strings.Contains(d.Text, want) {
				t.Errorf("visible text lacks %q", want)
			}
		}
		// The exchange is collapsed on screen and expanded on paper.
		const exchange = "HTTP/1.1 201 Created"
		if strings.Contains(d.Text, exchange) {
			t.Error("the HTTP exchange is visible on screen; it must be collapsed by default")
		}
		if !strings.Contains(b.print.Text, exchange) {
			t.Error("the HTTP exchange is not in the printed page")
		}
		if b.filtered.VisibleReqs == 0 || b.filtered.VisibleReqs != b.filtered.VisibleFailed {
			t.Errorf("filter 'failures': %d rows visible, %d of them failed or errored", b.filtered.VisibleReqs, b.filtered.VisibleFailed)
		}
	}
	if d.VisibleReqs != requirements {
		t.Errorf("%d requirement rows visible, want all %d", d.VisibleReqs, requirements)
	}
	if !d.FiltersShown {
		t.Error("filters hidden on screen: the inline script did not run (Content-Security-Policy hash?)")
	}
	if d.BannerBorder != "10px" {
		t.Errorf("verdict banner border %q: the inline style did not apply (Content-Security-Policy hash?)", d.BannerBorder)
	}
	if b.print.FiltersShown {
		t.Error("filters shown in print")
	}
	for _, p := range []pageState{b.phone, b.phoneOpen} {
		if p.ScrollWidth > p.InnerWidth || p.InnerWidth != 375 {
			t.Errorf("at phone width the page scrolls sideways: scrollWidth %d, viewport %d", p.ScrollWidth, p.InnerWidth)
		}
	}
	for _, u := range b.requests {
		if !strings.HasPrefix(u, "file:") && !strings.HasPrefix(u, "data:") {
			t.Errorf("the page requested %s", u)
		}
	}
	for i, want := range []int{1280, 375, 375} {
		checkPNG(t, b.shots[i], want)
	}
}

// checkPNG asserts that file is a PNG of the given width with real content.
func checkPNG(t *testing.T, file string, width int) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot %s: %v", file, err)
	}
	bounds := img.Bounds()
	if bounds.Dx() != width || bounds.Dy() < 800 || st.Size() < 10_000 {
		t.Errorf("screenshot %s: %dx%d, %d bytes; want %d px wide, tall, non-trivial", file, bounds.Dx(), bounds.Dy(), st.Size(), width)
	}
	colours := map[[4]uint32]bool{}
	for y := bounds.Min.Y; y < bounds.Max.Y && len(colours) < 50; y += 7 {
		for x := bounds.Min.X; x < bounds.Max.X; x += 5 {
			r, g, b, a := img.At(x, y).RGBA()
			colours[[4]uint32{r, g, b, a}] = true
		}
	}
	if len(colours) < 50 {
		t.Errorf("screenshot %s has only %d colours: blank page?", file, len(colours))
	}
	t.Logf("screenshot %s: %dx%d, %d bytes", file, bounds.Dx(), bounds.Dy(), st.Size())
}

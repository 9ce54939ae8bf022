package report

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/isoconform/isoconform/internal/redact"
)

// chromiumTimeout bounds one browser session: start, three layouts, close.
const chromiumTimeout = 60 * time.Second

// chromiumFlags keep headless Chromium off the network: without them it
// hangs on a closed network trying to reach Google services.
var chromiumFlags = []string{
	"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
	"--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
}

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

// pageState is what the test reads from the rendered page.
type pageState struct {
	URL           string `json:"url"`
	Text          string `json:"text"` // document.body.innerText: the visible text
	HTML          string `json:"html"` // the DOM after the script ran
	ScrollWidth   int    `json:"scrollWidth"`
	InnerWidth    int    `json:"innerWidth"`
	FiltersShown  bool   `json:"filtersShown"`
	BannerBorder  string `json:"bannerBorder"`
	VisibleReqs   int    `json:"visibleReqs"`
	VisibleFailed int    `json:"visibleFailed"`
}

const probe = `JSON.stringify({
  url: location.href,
  text: document.body.innerText,
  html: document.documentElement.outerHTML,
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  filtersShown: getComputedStyle(document.getElementById("filters")).display !== "none",
  bannerBorder: getComputedStyle(document.querySelector(".verdict")).borderLeftWidth,
  visibleReqs: [...document.querySelectorAll("tr.req")].filter(r => r.getClientRects().length > 0).length,
  visibleFailed: [...document.querySelectorAll("tr.req.is-fail, tr.req.is-error")].filter(r => r.getClientRects().length > 0).length,
})`

// browsed is the result of looking at one report in Chromium.
type browsed struct {
	desktop, phone, phoneOpen, print, filtered pageState
	requests                                   []string // every URL the page requested
	shots                                      []string // PNG files: 1280 px, 375 px, 375 px with details open
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

// browse opens file in headless Chromium over the DevTools pipe and reads
// the page at 1280 px and 375 px on screen, with the failures filter on, and
// in print media; it writes a screenshot for each width to shotPrefix-*.png.
func browse(t *testing.T, chromium, file, shotPrefix string) browsed {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), chromiumTimeout)
	defer cancel()
	c := startChromium(ctx, t, chromium)
	defer c.close()

	var b browsed
	var target struct{ TargetID string }
	c.must(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &target)
	var attached struct{ SessionID string }
	c.must(ctx, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached)
	s := attached.SessionID
	c.must(ctx, s, "Page.enable", nil, nil)
	c.must(ctx, s, "Network.enable", nil, nil)
	viewport := func(width, height int, mobile bool) {
		c.must(ctx, s, "Emulation.setDeviceMetricsOverride", map[string]any{
			"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile,
		}, nil)
	}
	read := func() pageState {
		var res struct {
			Result struct{ Value string }
		}
		c.must(ctx, s, "Runtime.evaluate", map[string]any{"expression": probe, "returnByValue": true}, &res)
		var st pageState
		if err := json.Unmarshal([]byte(res.Result.Value), &st); err != nil {
			t.Fatalf("page probe: %v: %.200s", err, res.Result.Value)
		}
		return st
	}
	shoot := func(name string) {
		var shot struct{ Data string }
		c.must(ctx, s, "Page.captureScreenshot", map[string]any{"format": "png"}, &shot)
		png, err := base64.StdEncoding.DecodeString(shot.Data)
		if err != nil {
			t.Fatal(err)
		}
		path := shotPrefix + "-" + name + ".png"
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		b.shots = append(b.shots, path)
	}

	viewport(1280, 2000, false)
	from := len(c.events)
	c.must(ctx, s, "Page.navigate", map[string]any{"url": "file://" + file}, nil)
	if err := c.waitEvent(ctx, "Page.loadEventFired", from); err != nil {
		t.Fatal(err)
	}
	b.desktop = read()
	if b.desktop.URL != "file://"+file {
		t.Fatalf("the browser shows %s, not the report", b.desktop.URL)
	}
	shoot("1280")

	viewport(375, 1600, true)
	b.phone = read()
	shoot("375")
	// Opened exchanges must wrap or scroll in their own box, not widen
	// the page.
	c.must(ctx, s, "Runtime.evaluate", map[string]any{"expression": `document.querySelectorAll("details").forEach(d => d.open = true);
		(document.getElementById("failures") || document.getElementById("actions")).scrollIntoView()`}, nil)
	b.phoneOpen = read()
	shoot("375-details")
	c.must(ctx, s, "Runtime.evaluate", map[string]any{"expression": `document.querySelectorAll("details").forEach(d => d.open = false); scrollTo(0, 0)`}, nil)

	viewport(1280, 2000, false)
	c.must(ctx, s, "Runtime.evaluate", map[string]any{"expression": `document.querySelector("#filters input[value=failures]").click()`}, nil)
	b.filtered = read()
	c.must(ctx, s, "Runtime.evaluate", map[string]any{"expression": `document.querySelector("#filters input[value=all]").click()`}, nil)

	c.must(ctx, s, "Emulation.setEmulatedMedia", map[string]any{"media": "print"}, nil)
	b.print = read()

	for _, ev := range c.events {
		if ev.Method == "Network.requestWillBeSent" {
			var p struct{ Request struct{ URL string } }
			if json.Unmarshal(ev.Params, &p) == nil {
				b.requests = append(b.requests, p.Request.URL)
			}
		}
	}
	return b
}

// devtools is a minimal Chrome DevTools Protocol client over
// --remote-debugging-pipe: JSON messages separated by NUL bytes, written to
// the browser's fd 3 and read from its fd 4.
type devtools struct {
	t      *testing.T
	cmd    *exec.Cmd
	in     *os.File // our end of the browser's fd 3
	out    *bufio.Reader
	outF   *os.File
	stderr *bytes.Buffer
	lastID int
	events []devtoolsMessage
}

type devtoolsMessage struct {
	ID     int             `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Message string `json:"message"`
	} `json:"error"`
}

// startChromium starts Chromium in its own process group, so that the
// browser and every helper process it forks can be killed together.
func startChromium(ctx context.Context, t *testing.T, chromium string) *devtools {
	t.Helper()
	toBrowser, ourIn, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	ourOut, fromBrowser, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	args := append(slices.Clone(chromiumFlags), "--user-data-dir="+t.TempDir(), "--remote-debugging-pipe", "about:blank")
	cmd := exec.CommandContext(ctx, chromium, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	cmd.ExtraFiles = []*os.File{toBrowser, fromBrowser}
	stderr := &bytes.Buffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	toBrowser.Close()
	fromBrowser.Close()
	return &devtools{t: t, cmd: cmd, in: ourIn, out: bufio.NewReader(ourOut), outF: ourOut, stderr: stderr}
}

// close asks the browser to quit, waits, and kills whatever is left of its
// process group.
func (c *devtools) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = c.call(ctx, "", "Browser.close", nil, nil)
	c.in.Close()
	done := make(chan struct{})
	go func() { _ = c.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
	_ = syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
	c.outF.Close()
	<-done
}

func (c *devtools) must(ctx context.Context, session, method string, params, result any) {
	c.t.Helper()
	if err := c.call(ctx, session, method, params, result); err != nil {
		c.t.Fatalf("%v\nchromium stderr:\n%s", err, c.stderr)
	}
}

// call sends one command and reads messages until its answer arrives,
// keeping the events that come in between.
func (c *devtools) call(ctx context.Context, session, method string, params, result any) error {
	c.lastID++
	msg := map[string]any{"id": c.lastID, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if session != "" {
		msg["sessionId"] = session
	}
	b, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	if _, err := c.in.Write(append(b, 0)); err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	for {
		m, err := c.next(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", method, err)
		}
		if m.ID != c.lastID {
			continue
		}
		if m.Error != nil {
			return fmt.Errorf("%s: %s", method, m.Error.Message)
		}
		if result != nil {
			return json.Unmarshal(m.Result, result)
		}
		return nil
	}
}

// waitEvent returns once an event named method has arrived after the
// first `from` events.
func (c *devtools) waitEvent(ctx context.Context, method string, from int) error {
	for {
		for _, ev := range c.events[from:] {
			if ev.Method == method {
				return nil
			}
		}
		from = len(c.events)
		if _, err := c.next(ctx); err != nil {
			return fmt.Errorf("waiting for %s: %w", method, err)
		}
	}
}

// next reads one message; an event is also appended to c.events. The
// context's deadline kills the browser, which ends a blocked read.
func (c *devtools) next(ctx context.Context) (devtoolsMessage, error) {
	if err := ctx.Err(); err != nil {
		return devtoolsMessage{}, err
	}
	raw, err := c.out.ReadBytes(0)
	if err != nil {
		if ctx.Err() != nil {
			err = errors.Join(ctx.Err(), err)
		}
		return devtoolsMessage{}, err
	}
	var m devtoolsMessage
	if err := json.Unmarshal(raw[:len(raw)-1], &m); err != nil {
		return m, err
	}
	if m.Method != "" {
		c.events = append(c.events, m)
	}
	return m, nil
}

package report

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"testing"
	"time"
)

// chromiumTimeout bounds one browser session: start, three layouts, close.
const chromiumTimeout = 60 * time.Second

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

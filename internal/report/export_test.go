package report

// Test helpers for the external test package report_test, which may import
// packages (such as steps) that import report.
var (
	FindChromium       = findChromium
	ShotDir            = shotDir
	CheckHTMLInBrowser = checkHTMLInBrowser
)

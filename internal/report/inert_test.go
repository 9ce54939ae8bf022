package report

import (
	"bytes"
	"strings"
	"testing"
)

func TestInertEscapesWhatATerminalActsOn(t *testing.T) {
	cases := map[string]string{
		"plain text\nwith a tab\tand é ü 日本": "plain text\nwith a tab\tand é ü 日本",
		"\x1b[2J\x1b[32mok\x1b[0m":           `\x1b[2J\x1b[32mok\x1b[0m`,
		"\x1b]0;title\x07":                   `\x1b]0;title\x07`,
		"\x1b]52;c;ZXZpbA==\x1b\\":           `\x1b]52;c;ZXZpbA==\x1b\`,
		"cr\rback\bdel\x7f":                  `cr\x0dback\x08del\x7f`,
		"\u009b31m 8-bit CSI":                `\u009b31m 8-bit CSI`,
		"bidi \u202eevil\u2066x\u2069":       `bidi \u202eevil\u2066x\u2069`,
		"bad \xff\xfe utf-8":                 `bad \xff\xfe utf-8`,
	}
	for in, want := range cases {
		if got := Inert(in); got != want {
			t.Errorf("Inert(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestInertWriter(t *testing.T) {
	var b bytes.Buffer
	w := InertWriter(&b)
	for _, chunk := range []string{"a\x1b[", "31m", "b\n"} {
		n, err := w.Write([]byte(chunk))
		if err != nil || n != len(chunk) {
			t.Fatalf("Write(%q) = %d, %v", chunk, n, err)
		}
	}
	if strings.ContainsRune(b.String(), 0x1b) || b.String() != `a\x1b[31mb`+"\n" {
		t.Errorf("got %q", b.String())
	}
}

// The summary shows a target's text escaped, wherever it appears.
func TestSummaryIsInert(t *testing.T) {
	run := sampleRun()
	for i := range run.Scenarios {
		if f := run.Scenarios[i].Failure; f != nil {
			f.Actual = "\x1b]0;pwned\x07\x1b[32mVerdict: conformant\x1b[0m"
			f.Exchange = "< \x1b]52;c;ZXZpbA==\x07"
		}
		run.Scenarios[i].Reason += "\x1b[2J"
	}
	run.Error = "harness \x1b[31m"
	var b bytes.Buffer
	if err := WriteSummary(&b, run, nil); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(b.String(), "\x1b\x07") {
		t.Errorf("control characters in the summary: %q", b.String())
	}
	if !strings.Contains(b.String(), `\x1b]52;`) {
		t.Errorf("the escapes are not shown escaped: %q", b.String())
	}
}

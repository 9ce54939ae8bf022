package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Inert returns s safe to print on a terminal: every control character but newline and tab
// (ESC and so every CSI and OSC sequence, OSC 52 clipboard writes included, BEL, carriage
// return, backspace, DEL), every C1 control (U+0080–U+009F, the 8-bit CSI among them), the
// bidirectional overrides and isolates that reorder what is shown, and every byte that is not
// UTF-8 are shown escaped, as \x1b or \u009b. Everything a target sends passes through it
// before it reaches a console.
func Inert(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x80 && dangerous(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case dangerous(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// needsEscape reports whether Inert would change s.
func needsEscape(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n <= 1) || dangerous(r) {
			return true
		}
		i += n
	}
	return false
}

// dangerous reports whether a terminal could act on r rather than show it.
func dangerous(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f, 0x80 <= r && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, 0x202a <= r && r <= 0x202e, 0x2066 <= r && r <= 0x2069:
		return true
	}
	return false
}

// InertWriter returns a writer that passes everything written through Inert on to w.
func InertWriter(w io.Writer) io.Writer { return inertWriter{w} }

type inertWriter struct{ w io.Writer }

// Write writes Inert(p) and reports len(p) unless w failed.
func (iw inertWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(iw.w, Inert(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

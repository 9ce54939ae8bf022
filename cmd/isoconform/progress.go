package main

import (
	"io"

	"github.com/isoconform/isoconform/internal/redact"
)

// progressWriter redacts each Write on its own and passes it on at once.
// Progress marks arrive one character at a time; the line-buffered
// redact.Writer would hold them back until a line is full, which on a live
// target can take many minutes.
type progressWriter struct {
	red *redact.Redactor
	w   io.Writer
}

func (p progressWriter) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.w, p.red.String(string(b))); err != nil {
		return 0, err
	}
	return len(b), nil
}

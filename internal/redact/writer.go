package redact

import (
	"bytes"
	"io"
	"sync"
)

// Writer redacts everything written through it before passing it on.
//
// Text is held back until a newline arrives, so a secret split across two
// Write calls is still recognised; call Flush after the last Write to pass on
// a final line that has no newline. Writer is safe for concurrent use.
type Writer struct {
	mu  sync.Mutex
	r   *Redactor
	out io.Writer
	buf []byte
}

// Writer returns a Writer that redacts with r and writes to out.
func (r *Redactor) Writer(out io.Writer) *Writer {
	return &Writer{r: r, out: out}
}

// Write buffers p and writes every complete line, redacted. It reports
// len(p) unless the underlying writer failed.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	i := bytes.LastIndexByte(w.buf, '\n')
	if i < 0 {
		return len(p), nil
	}
	lines := w.buf[:i+1]
	if err := w.emit(lines); err != nil {
		return 0, err
	}
	w.buf = append(w.buf[:0], w.buf[i+1:]...)
	return len(p), nil
}

// Flush redacts and writes whatever is buffered, even without a newline.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.buf) == 0 {
		return nil
	}
	err := w.emit(w.buf)
	w.buf = w.buf[:0]
	return err
}

func (w *Writer) emit(text []byte) error {
	_, err := io.WriteString(w.out, w.r.String(string(text)))
	return err
}

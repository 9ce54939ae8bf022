package report

import (
	"fmt"
	"io"
	"sync"
)

// progressWidth is how many scenario marks fit on one progress line.
const progressWidth = 60

// Progress prints one character per finished scenario: '.' pass, 'F' fail,
// 'S' skip, 'E' error, '?' unknown; a line holds progressWidth marks and
// ends with the running count. It is safe for concurrent use.
type Progress struct {
	mu  sync.Mutex
	w   io.Writer
	n   int
	col int // marks on the current line
}

// NewProgress returns a Progress printing to w. Its output is only marks and
// counts, never recorded text, so it needs no redaction.
func NewProgress(w io.Writer) *Progress { return &Progress{w: w} }

var progressMarks = map[Status]string{StatusUnknown: "?", StatusNotSupported: "N", StatusSkip: "S", StatusPass: ".", StatusWarn: "W", StatusFail: "F", StatusError: "E"}

// Add prints the mark for a finished scenario with status st.
func (p *Progress) Add(st Status) {
	p.mu.Lock()
	defer p.mu.Unlock()
	mark, ok := progressMarks[st]
	if !ok {
		mark = "?"
	}
	p.n++
	p.col++
	fmt.Fprint(p.w, mark)
	if p.col == progressWidth {
		fmt.Fprintf(p.w, " %d\n", p.n)
		p.col = 0
	}
}

// Note prints a line of its own between the marks (a line already begun is ended first).
// The caller redacts line.
func (p *Progress) Note(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.col > 0 {
		fmt.Fprintln(p.w)
		p.col = 0
	}
	fmt.Fprintln(p.w, line)
}

// Done ends an unfinished progress line with the total count.
func (p *Progress) Done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.col > 0 {
		fmt.Fprintf(p.w, " %d\n", p.n)
		p.col = 0
	}
}

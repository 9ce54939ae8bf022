package mock

import (
	"slices"
	"strings"
)

// Verdicts returns the client verdicts, oldest first (then by client and rule).
func (s *Server) Verdicts() []Verdict {
	j := s.judge
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]Verdict, 0, len(j.verdicts))
	for _, v := range j.verdicts {
		out = append(out, *v)
	}
	slices.SortFunc(out, func(a, b Verdict) int {
		if c := a.First.Compare(b.First); c != 0 {
			return c
		}
		if c := strings.Compare(a.Client, b.Client); c != 0 {
			return c
		}
		return strings.Compare(a.Rule, b.Rule)
	})
	return out
}

// VerdictsDropped returns how many verdicts were not kept because MaxVerdicts pairs of client
// and rule were already recorded.
func (s *Server) VerdictsDropped() int {
	s.judge.mu.Lock()
	defer s.judge.mu.Unlock()
	return s.judge.dropped
}

// ClearVerdicts forgets the verdicts and the per-client state they are judged on (Retry-After
// deadlines, isolations created).
func (s *Server) ClearVerdicts() {
	j := s.judge
	j.mu.Lock()
	defer j.mu.Unlock()
	clear(j.verdicts)
	clear(j.backoff)
	clear(j.isolated)
	j.dropped = 0
}

// observedWriter is a statusWriter that also keeps the start of the body.
type observedWriter struct {
	statusWriter
	capture  bool // keep the start of the body
	captured []byte
}

func (w *observedWriter) Write(b []byte) (int, error) {
	if room := maxCaptured - len(w.captured); w.capture && room > 0 {
		w.captured = append(w.captured, b[:min(room, len(b))]...)
	}
	return w.statusWriter.Write(b)
}

// verdictList is the body of GET /_isoconform/verdicts.
type verdictList struct {
	Verdicts []Verdict `json:"verdicts"`
	// Dropped counts verdicts not kept past MaxVerdicts pairs of client and rule.
	Dropped int `json:"dropped,omitempty"`
}

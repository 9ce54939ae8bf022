package mock

import (
	"time"

	"github.com/isoconform/isoconform/spec"
)

// Note kinds: what the mock records that is neither a contract violation nor a client fault.
const (
	// NoteNotEmulated: a call to an endpoint the documents describe but the mock does not
	// emulate (answered 501 NotImplemented).
	NoteNotEmulated = "not-emulated"
	// NoteDeviation: an answer that an active deviation or variant chose, not the client.
	NoteDeviation = "deviation"
)

// Note is a request the mock refused or could not serve for a reason that is not the client's
// fault: a documented endpoint it does not emulate, or an answer an active deviation or variant
// made. client-check prints notes but does not fail on them.
type Note struct {
	Time    time.Time    `json:"time"`
	Kind    string       `json:"kind"`
	Method  string       `json:"method"`
	Path    string       `json:"path"`
	Profile spec.Profile `json:"profile,omitempty"`
	Status  int          `json:"status"`
	Message string       `json:"message"`
}

// noteLog is the bounded log of notes.
type noteLog = ring[Note]

// Notes returns the recorded notes, oldest first.
func (s *Server) Notes() []Note { return s.notes.list() }

// ClearNotes forgets the recorded notes.
func (s *Server) ClearNotes() { s.notes.clear() }

// note answers e and records it as a note of kind, not as a violation; message is the note's.
func (x *exchange) note(kind string, e apiError, message string) {
	x.s.notes.add(Note{Time: x.s.now().UTC(), Kind: kind, Method: printable(x.r.Method), Path: printable(x.r.URL.Path),
		Profile: x.profile, Status: e.status, Message: message})
	x.s.writeError(x.w, x.profile, x.correlation, e)
}

// failByDeviation answers e, which the named deviation or variant chose, and records a note,
// not a violation: a client that meets a deliberately faulty or unusual server is not at
// fault for it. The answer itself does not name the deviation.
func (x *exchange) failByDeviation(name string, e apiError) {
	x.note(NoteDeviation, e, e.message+" (answered so by "+name+", active on this mock)")
}

package report

// Level says how strongly a requirement binds the target, with the same
// words as the requirement registry (spec.Level).
type Level string

// The requirement levels.
const (
	// LevelCore is stated by the profile's own document.
	LevelCore Level = "core"
	// LevelExtended is stated by a later official document.
	LevelExtended Level = "extended"
	// LevelAdvisory is what the suite infers where the documents are silent or only
	// suggest: checked and reported as a warning, never a failure of the run unless the
	// run is strict.
	LevelAdvisory Level = "advisory"
	// LevelObserved is reported behaviour. It is informational only: an
	// observed-level failure is reported in every output but never makes a
	// run non-conformant, and an observed-level skip never makes it partial.
	LevelObserved Level = "observed"
)

// Required reports whether results at this level count toward the verdict.
// LevelObserved and LevelAdvisory do not; an empty level counts as core, so a
// scenario recorded without a level is never silently excused.
func (l Level) Required() bool { return l != LevelObserved && l != LevelAdvisory }

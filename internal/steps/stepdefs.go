package steps

import (
	"cmp"
	"fmt"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"
)

// stepDef is one step definition: the expression a step's text must match and the Go
// function that runs it.
type stepDef struct {
	expr string
	fn   any
}

// stepDefs is every step definition of the suite, in one table: the runner registers it with
// godog, and List reads it to name the Go code behind each step.
func stepDefs() []stepDef {
	return slices.Concat(callerSteps(), machineSteps(), isolateSteps(), actionSteps(), cancelSteps(), answerSteps())
}

// registerSteps registers every step definition on sc.
func registerSteps(sc *godog.ScenarioContext) {
	for _, d := range stepDefs() {
		sc.Step(d.expr, d.fn)
	}
}

// StepCode names the Go function behind one step of a feature file.
type StepCode struct {
	// Func is the function's name in package steps, e.g. "isolateWithBody".
	Func string
	// File and Line are where it is declared, from the module root, e.g.
	// "internal/steps/steps_isolate.go" and 190.
	File string
	Line int
}

// String writes the code as "internal/steps/steps_isolate.go:190 isolateWithBody".
func (c StepCode) String() string { return fmt.Sprintf("%s:%d %s", c.File, c.Line, c.Func) }

// compiledDef is a step definition ready to match: its expression and where its code is.
type compiledDef struct {
	re   *regexp.Regexp
	code StepCode
}

// compiledDefs compiles the step table once.
var compiledDefs = sync.OnceValue(func() []compiledDef {
	defs := stepDefs()
	out := make([]compiledDef, len(defs))
	for i, d := range defs {
		out[i] = compiledDef{re: regexp.MustCompile(d.expr), code: codeOf(d.fn)}
	}
	return out
})

// codeOf finds where fn is declared, through the runtime's symbol table.
func codeOf(fn any) StepCode {
	f := runtime.FuncForPC(reflect.ValueOf(fn).Pointer())
	if f == nil {
		return StepCode{Func: "(unknown)"}
	}
	file, line := f.FileLine(f.Entry())
	name := f.Name()
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimPrefix(name, "steps.")
	// The path as built (absolute, or module-relative under -trimpath) is cut to the
	// module root, which every step file sits below.
	if i := strings.LastIndex(file, "/internal/steps/"); i >= 0 {
		file = file[i+1:]
	}
	return StepCode{Func: name, File: file, Line: line}
}

// stepCodeOf returns the code of the one definition that matches a step's text; false when
// none or more than one does (godog would report the step undefined or ambiguous).
func stepCodeOf(text string) (StepCode, bool) { return matchCode(compiledDefs(), text) }

// matchCode returns the code of the one definition of defs that matches text.
func matchCode(defs []compiledDef, text string) (StepCode, bool) {
	var found []StepCode
	for _, d := range defs {
		if d.re.MatchString(text) {
			found = append(found, d.code)
		}
	}
	if len(found) != 1 {
		return StepCode{}, false
	}
	return found[0], true
}

// ListedStep is one step of a scenario and the Go code that runs it.
type ListedStep struct {
	// Keyword is Given, When or Then (an And or But step takes the one before it).
	Keyword string
	Text    string
	// Code is the function that runs the step; zero when no definition, or more than one,
	// matches the text (a run reports the step undefined or ambiguous).
	Code StepCode
}

// keywords names the pickle step types as the feature files write them.
var keywords = map[messages.PickleStepType]string{
	messages.PickleStepType_CONTEXT: "Given",
	messages.PickleStepType_ACTION:  "When",
	messages.PickleStepType_OUTCOME: "Then",
}

// listedSteps returns a pickle's steps with the code behind each.
func listedSteps(steps []*messages.PickleStep) []ListedStep {
	out := make([]ListedStep, len(steps))
	for i, st := range steps {
		out[i] = ListedStep{Keyword: cmp.Or(keywords[st.Type], "*"), Text: st.Text}
		out[i].Code, _ = stepCodeOf(st.Text)
	}
	return out
}

package steps

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

// Every step of every scenario, in both profiles, is run by exactly one step function, and
// List names it where it is declared: the line it gives opens that function.
func TestListNamesTheCodeOfEveryStep(t *testing.T) {
	files := map[string][]string{}
	for _, p := range []spec.Profile{spec.Preview2017, spec.Current} {
		listed, err := List(Config{Profile: p})
		require.NoError(t, err)
		require.NotEmpty(t, listed)
		for _, sc := range listed {
			require.NotEmpty(t, sc.Steps, sc.Name)
			for _, st := range sc.Steps {
				assert.Contains(t, []string{"Given", "When", "Then"}, st.Keyword, "%s: %s", sc.Name, st.Text)
				if !assert.NotEmpty(t, st.Code.Func, "%s: no single definition runs %q", sc.Name, st.Text) {
					continue
				}
				lines, ok := files[st.Code.File]
				if !ok {
					src, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(st.Code.File)))
					require.NoError(t, err, "List names %s", st.Code)
					lines = strings.Split(string(src), "\n")
					files[st.Code.File] = lines
				}
				require.Less(t, st.Code.Line-1, len(lines), st.Code.String())
				assert.Contains(t, lines[st.Code.Line-1], "func "+st.Code.Func+"(", "%s does not open the step's function", st.Code)
			}
		}
	}
}

// A step text that no definition matches, or that two match, has no code.
func TestStepCodeOfUndefinedAndAmbiguousText(t *testing.T) {
	_, ok := stepCodeOf("the caller dances")
	assert.False(t, ok, "no definition matches")
	code, ok := stepCodeOf("the response status is 201")
	require.True(t, ok)
	assert.Equal(t, "statusIs", code.Func)
	assert.Equal(t, "internal/steps/steps_answer.go", code.File)
	two := []compiledDef{
		{re: regexp.MustCompile(`^the response status is (\d{3})$`), code: StepCode{Func: "a"}},
		{re: regexp.MustCompile(`^the response status is 201$`), code: StepCode{Func: "b"}},
	}
	_, ok = matchCode(two, "the response status is 201")
	assert.False(t, ok, "two definitions match")
	code, ok = matchCode(two, "the response status is 404")
	assert.True(t, ok)
	assert.Equal(t, "a", code.Func)
}

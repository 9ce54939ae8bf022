package report

import (
	"io"
	"reflect"

	"github.com/isoconform/isoconform/internal/redact"
)

// redacted returns a deep copy of run with every string in it, at any depth, passed through
// red: field values, slice elements, map keys and values. Writers encode this copy and
// nothing else: redaction works on values, before any encoding, never on encoded output,
// where it could break the encoding (eat the backslash of a JSON \") or miss a secret the
// encoding disguised. Walking the model by reflection means a field added later is
// redacted too.
func redacted(red *redact.Redactor, run *Run) *Run {
	c := redactedCopy(reflect.ValueOf(run), red.String).Interface().(*Run)
	return c
}

// Redacted returns a deep copy of run with every string passed through red: what a runner hands
// to callers that print a run themselves (a Go test's log), so that no path to a console or a
// file depends on remembering to redact.
func Redacted(red *redact.Redactor, run *Run) *Run {
	if run == nil {
		return nil
	}
	return redacted(red, run)
}

// redactedCopy returns a copy of v whose strings are passed through f; slices, maps and
// pointers are copied, so the copy shares nothing changeable with v.
func redactedCopy(v reflect.Value, f func(string) string) reflect.Value {
	switch v.Kind() {
	case reflect.String:
		return reflect.ValueOf(f(v.String())).Convert(v.Type())
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		p := reflect.New(v.Type().Elem())
		p.Elem().Set(redactedCopy(v.Elem(), f))
		return p
	case reflect.Struct:
		c := reflect.New(v.Type()).Elem()
		c.Set(v) // unexported fields (time.Time's) as they are
		for i := range v.NumField() {
			if c.Field(i).CanSet() {
				c.Field(i).Set(redactedCopy(v.Field(i), f))
			}
		}
		return c
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			c.Index(i).Set(redactedCopy(v.Index(i), f))
		}
		return c
	case reflect.Array:
		c := reflect.New(v.Type()).Elem()
		for i := range v.Len() {
			c.Index(i).Set(redactedCopy(v.Index(i), f))
		}
		return c
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			c.SetMapIndex(redactedCopy(it.Key(), f), redactedCopy(it.Value(), f))
		}
		return c
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(redactedCopy(v.Elem(), f))
		return c
	}
	return v
}

// writeRedacted renders the redacted copy of run with render into w. The output is not
// passed through the redactor again: every value in it already was.
func writeRedacted(w io.Writer, run *Run, red *redact.Redactor, render func(io.Writer, *Run) error) error {
	return render(w, redacted(red, run))
}

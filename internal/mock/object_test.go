package mock

import (
	"bytes"
	"encoding/json"
	"testing"
)

// referenceJSON is the object encoding through encoding/json alone, property by property,
// that appendJSON must match byte for byte.
func referenceJSON(t *testing.T, o object) []byte {
	t.Helper()
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, _ := json.Marshal(f.key)
		buf.Write(k)
		buf.WriteByte(':')
		var v []byte
		var err error
		switch x := f.value.(type) {
		case object:
			v = referenceJSON(t, x)
		case []object:
			if x == nil {
				v = []byte("null")
				break
			}
			var parts [][]byte
			for _, e := range x {
				parts = append(parts, referenceJSON(t, e))
			}
			v = append(append([]byte{'['}, bytes.Join(parts, []byte{','})...), ']')
		default:
			v, err = json.Marshal(x)
		}
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes()
}

func TestObjectJSONMatchesEncodingJSON(t *testing.T) {
	str := func(s string) *string { return &s }
	num := func(n int) *int { return &n }
	tricky := []string{"", "plain", `quote " and \ backslash`, "<script>&amp;</script>", "tab\there\nnew\rline",
		"\b\f\x00\x1f\x7f", "line\u2028sep\u2029", "bad utf8 \xff\xfe", "é ü 日本", "emoji 🙂"}
	for _, s := range tricky {
		o := object{
			{s, s}, {"nil", nil}, {"ptr", str(s)}, {"nilptr", (*string)(nil)}, {"bool", true}, {"int", -42},
			{"intptr", num(7)}, {"nilint", (*int)(nil)}, {"tags", []string{s}}, {"float", 1.5},
			{"nested", object{{"k", s}}}, {"list", []object{{{"a", s}}, {}}}, {"empty", []object{}}, {"nilobj", object(nil)}, {"nillist", []object(nil)},
		}
		got, err := o.appendJSON(nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := referenceJSON(t, o); !bytes.Equal(got, want) {
			t.Errorf("%q:\n got %s\nwant %s", s, got, want)
		}
		if !json.Valid(got) {
			t.Errorf("%q: invalid JSON %s", s, got)
		}
	}
}

package mock

import (
	"encoding/json"
	"strconv"
)

// field is one property of an object.
type field struct {
	key   string
	value any
}

// object is a JSON object that keeps its properties in order, as the documents print them,
// and lets deviations rename, replace or drop properties.
type object []field

// MarshalJSON writes the properties in order.
func (o object) MarshalJSON() ([]byte, error) { return o.appendJSON(nil) }

// appendJSON appends the object's JSON to buf, byte for byte what encoding/json writes for
// it, without the copy and validation pass json.Marshal makes of a Marshaler's output: the
// answer of every request is rendered this way. Values of the kinds the mock renders are
// written directly, any other through encoding/json.
func (o object) appendJSON(buf []byte) ([]byte, error) {
	buf = append(buf, '{')
	for i, f := range o {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendString(buf, f.key)
		buf = append(buf, ':')
		var err error
		if buf, err = appendValue(buf, f.value); err != nil {
			return nil, err
		}
	}
	return append(buf, '}'), nil
}

// appendValue appends v's JSON as encoding/json writes it.
func appendValue(buf []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(buf, "null"...), nil
	case string:
		return appendString(buf, x), nil
	case *string:
		if x == nil {
			return append(buf, "null"...), nil
		}
		return appendString(buf, *x), nil
	case bool:
		return strconv.AppendBool(buf, x), nil
	case int:
		return strconv.AppendInt(buf, int64(x), 10), nil
	case *int:
		if x == nil {
			return append(buf, "null"...), nil
		}
		return strconv.AppendInt(buf, int64(*x), 10), nil
	case object: // even nil: encoding/json calls MarshalJSON on a nil slice, which writes {}
		return x.appendJSON(buf)
	case []object:
		if x == nil {
			return append(buf, "null"...), nil
		}
		buf = append(buf, '[')
		for i, e := range x {
			if i > 0 {
				buf = append(buf, ',')
			}
			var err error
			if buf, err = appendValue(buf, e); err != nil {
				return nil, err
			}
		}
		return append(buf, ']'), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(buf, b...), nil
}

// appendString appends s as a JSON string. A string of printable ASCII that encoding/json
// writes unescaped (no quote, backslash, <, > or &) is copied; any other goes through
// encoding/json, so the escaping is always its own.
func appendString(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			b, _ := json.Marshal(s) // a string always encodes
			return append(buf, b...)
		}
	}
	buf = append(buf, '"')
	buf = append(buf, s...)
	return append(buf, '"')
}

// set replaces the value of key, or appends the property.
func (o object) set(key string, value any) object {
	for i := range o {
		if o[i].key == key {
			o[i].value = value
			return o
		}
	}
	return append(o, field{key, value})
}

// rename renames the property from to to, keeping its place.
func (o object) rename(from, to string) object {
	for i := range o {
		if o[i].key == from {
			o[i].key = to
		}
	}
	return o
}

// get returns the value of key.
func (o object) get(key string) (any, bool) {
	for _, f := range o {
		if f.key == key {
			return f.value, true
		}
	}
	return nil, false
}

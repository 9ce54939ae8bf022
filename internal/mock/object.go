package mock

import (
	"bytes"
	"encoding/json"
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
func (o object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, err := json.Marshal(f.key)
		if err != nil {
			return nil, err
		}
		buf.Write(k)
		buf.WriteByte(':')
		v, err := json.Marshal(f.value)
		if err != nil {
			return nil, err
		}
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
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

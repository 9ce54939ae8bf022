package spec

import (
	"fmt"
	"time"
)

// checkCalendarDate rejects a date-time whose date part does not exist (2021-02-30).
func checkCalendarDate(v string) error {
	if len(v) < len(time.DateOnly) {
		return fmt.Errorf("%q is not a date-time", v)
	}
	if _, err := time.Parse(time.DateOnly, v[:len(time.DateOnly)]); err != nil {
		return fmt.Errorf("%q is not a calendar date", v[:len(time.DateOnly)])
	}
	return nil
}

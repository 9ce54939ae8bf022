package mock

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

func TestRateLimit(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, Options{Now: clock.Now, RateLimit: RateLimit{PerMinute: 3, PerHour: 5}})
	read := func(role string) reply {
		return h.call(http.MethodGet, "/api/machines/"+h.machine(0), h.token(role, spec.Current), "", nil)
	}
	for range 3 {
		require.Equal(t, http.StatusOK, read("rate-limit").status)
	}
	clock.advance(20 * time.Second)
	r := read("rate-limit")
	require.Equal(t, http.StatusTooManyRequests, r.status)
	assert.Equal(t, codeTooManyRequests, r.errorCode(t))
	assert.Equal(t, "40", r.header.Get("Retry-After"))
	assert.Equal(t, http.StatusTooManyRequests, read("rate-limit").status, "resubmitting keeps returning 429")

	// another application has its own budget; the preview has no limit
	assert.Equal(t, http.StatusOK, read("machine-isolate").status)
	for range 10 {
		require.Equal(t, http.StatusOK, h.get(spec.Preview2017, "/machines/"+h.machine(0)).status)
	}

	// a new minute: two more calls, then the hour is spent
	clock.advance(40 * time.Second)
	require.Equal(t, http.StatusOK, read("rate-limit").status)
	require.Equal(t, http.StatusOK, read("rate-limit").status)
	r = read("rate-limit")
	require.Equal(t, http.StatusTooManyRequests, r.status)
	retry, err := strconv.Atoi(r.header.Get("Retry-After"))
	require.NoError(t, err)
	assert.Equal(t, 3600-60, retry)

	// 401s are not counted and not throttled
	assert.Equal(t, http.StatusUnauthorized, h.call(http.MethodGet, "/api/machines/x", "", "", nil).status)
}

func TestRateLimitDefaultsAndOff(t *testing.T) {
	h := newHarness(t, Options{})
	n := 0
	for ; n < DefaultPerMinute+1; n++ {
		if h.get(spec.Current, "/machineactions").status == http.StatusTooManyRequests {
			break
		}
	}
	assert.Equal(t, DefaultPerMinute, n, "the 101st call in a minute is refused")

	off := newHarness(t, Options{RateLimit: RateLimit{Disabled: true, PerMinute: 1}})
	for range 5 {
		require.Equal(t, http.StatusOK, off.get(spec.Current, "/machineactions").status)
	}
}

func TestLimiterSweep(t *testing.T) {
	l := newLimiter(1, 1)
	now := time.Now()
	for i := range maxLimiterKeys {
		ok, _ := l.allow(strconv.Itoa(i), now)
		require.True(t, ok)
	}
	ok, _ := l.allow("late", now.Add(2*time.Hour))
	assert.True(t, ok)
	assert.Len(t, l.windows, 1, "stale keys are swept")
}

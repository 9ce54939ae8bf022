package mock

import (
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/isoconform/isoconform/spec"
)

// maxLimiterKeys bounds the limiter's table; past it, keys whose hour window has ended are
// swept out.
const maxLimiterKeys = 10_000

// limiter counts calls per key (application and tenant) in fixed one-minute and one-hour
// windows. It is safe for concurrent use.
type limiter struct {
	mu        sync.Mutex
	perMinute int
	perHour   int
	windows   map[string]*rateWindows
}

type rateWindows struct {
	minuteStart, hourStart time.Time
	minute, hour           int
}

func newLimiter(perMinute, perHour int) *limiter {
	return &limiter{perMinute: perMinute, perHour: perHour, windows: map[string]*rateWindows{}}
}

// allow counts a call by key at now. When the call is over a limit it is not counted, and
// allow returns false and the whole seconds until the exhausted window ends.
func (l *limiter) allow(key string, now time.Time) (bool, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w, ok := l.windows[key]
	if !ok {
		if len(l.windows) >= maxLimiterKeys {
			l.sweep(now)
		}
		w = &rateWindows{minuteStart: now, hourStart: now}
		l.windows[key] = w
	}
	if now.Sub(w.minuteStart) >= time.Minute {
		w.minuteStart, w.minute = now, 0
	}
	if now.Sub(w.hourStart) >= time.Hour {
		w.hourStart, w.hour = now, 0
	}
	switch {
	case w.hour >= l.perHour:
		return false, ceilSeconds(w.hourStart.Add(time.Hour).Sub(now))
	case w.minute >= l.perMinute:
		return false, ceilSeconds(w.minuteStart.Add(time.Minute).Sub(now))
	}
	w.minute++
	w.hour++
	return true, 0
}

func (l *limiter) sweep(now time.Time) {
	for k, w := range l.windows {
		if now.Sub(w.hourStart) >= time.Hour {
			delete(l.windows, k)
		}
	}
}

func ceilSeconds(d time.Duration) int {
	s := int((d + time.Second - 1) / time.Second)
	return max(s, 1)
}

// throttle applies the current profile's rate limit to the caller's application and tenant.
// It answers 429 TooManyRequests with Retry-After and returns false when over the limit.
func (x *exchange) throttle() bool {
	p := x.profile
	if p != spec.Current || x.s.opts.RateLimit.Disabled || x.anyHook(func(h *hooks) bool { return h.unthrottled }) {
		return true
	}
	if only := x.s.opts.RateLimit.OnlyApps; len(only) > 0 && !slices.Contains(only, x.identity.AppID) {
		return true
	}
	key := x.identity.TenantID + "|" + x.identity.AppID
	if x.identity.AppID == "" {
		key = x.identity.TenantID + "|" + x.identity.ObjectID
	}
	ok, retry := x.s.limiter.allow(key, x.s.now())
	if ok {
		return true
	}
	x.w.Header().Set("Retry-After", strconv.Itoa(retry))
	x.fail(apiError{http.StatusTooManyRequests, codeTooManyRequests,
		"Rate limit is exceeded. Try again in " + strconv.Itoa(retry) + " seconds."}, "")
	return false
}

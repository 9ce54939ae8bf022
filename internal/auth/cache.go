package auth

import (
	"container/list"
	"crypto/sha256"
	"sync"
	"time"
)

// DefaultCacheSize is how many verified tokens a Verifier remembers by default.
const DefaultCacheSize = 10000

// cacheEntry is a verified token's identity and validity window.
type cacheEntry struct {
	key       [32]byte
	identity  Identity
	notBefore time.Time
	expires   time.Time
}

// verifyCache remembers verified tokens by sha256(token), evicting the oldest
// insertion when full. It is safe for concurrent use.
type verifyCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // of *cacheEntry, oldest first
	byKey map[[32]byte]*list.Element
}

func newVerifyCache(size int) *verifyCache {
	return &verifyCache{max: size, order: list.New(), byKey: make(map[[32]byte]*list.Element, min(size, 1024))}
}

func cacheKey(token string) [32]byte { return sha256.Sum256([]byte(token)) }

// get returns the identity of a cached token that is still valid at now
// (within leeway); an expired entry is dropped.
func (c *verifyCache) get(key [32]byte, now time.Time, leeway time.Duration) (Identity, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok {
		return Identity{}, false
	}
	e := el.Value.(*cacheEntry)
	if !now.Before(e.expires.Add(leeway)) {
		c.order.Remove(el)
		delete(c.byKey, key)
		return Identity{}, false
	}
	if now.Before(e.notBefore.Add(-leeway)) {
		return Identity{}, false
	}
	return e.identity, true
}

// put remembers a verified token.
func (c *verifyCache) put(e *cacheEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[e.key]; ok {
		el.Value = e
		return
	}
	for c.order.Len() >= c.max {
		oldest := c.order.Front()
		c.order.Remove(oldest)
		delete(c.byKey, oldest.Value.(*cacheEntry).key)
	}
	c.byKey[e.key] = c.order.PushBack(e)
}

// len returns the number of cached tokens.
func (c *verifyCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

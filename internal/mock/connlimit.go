package mock

import (
	"net"
	"strconv"
	"sync"
	"time"
)

// busyBody is the body of the answer to a connection accepted past the bound.
const busyBody = `{"error":{"code":"ServiceUnavailable","message":"The server has too many connections open.","target":""}}` + "\n"

// busyWriteTimeout bounds the write of busyAnswer to a client that does not read.
const busyWriteTimeout = time.Second

// limitListener accepts at most max connections open at once; one more is answered 503 and
// closed at once, so that a flood of stalled connections costs a bounded number of goroutines
// and buffers.
type limitListener struct {
	net.Listener
	slots chan struct{}
}

func newLimitListener(ln net.Listener, max int) *limitListener {
	return &limitListener{Listener: ln, slots: make(chan struct{}, max)}
}

// Accept returns the next connection within the bound.
func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		select {
		case l.slots <- struct{}{}:
			return &limitedConn{Conn: c, release: func() { <-l.slots }}, nil
		default:
			refuseBusy(c) // in line: the answer fits the socket's buffer, the write is bounded
		}
	}
}

// refuseBusy answers 503 on c and closes it, without reading the request.
func refuseBusy(c net.Conn) {
	_ = c.SetWriteDeadline(time.Now().Add(busyWriteTimeout))
	_, _ = c.Write([]byte("HTTP/1.1 503 Service Unavailable\r\nContent-Type: " + contentTypeJSON +
		"\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: " + strconv.Itoa(len(busyBody)) + "\r\n\r\n" + busyBody))
	_ = c.Close()
}

// limitedConn gives its slot back when closed.
type limitedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

// Close closes the connection and frees its slot (once).
func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

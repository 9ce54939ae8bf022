// Package proxy turns the reference mock's listener into an HTTP forward proxy for the hosts
// of the Defender for Endpoint API and its token service, so that an unmodified integration
// reaches the mock through nothing but its proxy setting and a CA bundle.
//
// A CONNECT to one of those hosts (port 443) is not tunnelled anywhere: the proxy answers
// 200, terminates TLS itself with a leaf certificate for the host signed by a CA made at
// start (see CA), and hands the decrypted connection to the mock's HTTP server. A plain-HTTP
// proxy request (absolute-form URL) to one of those hosts is served by the mock directly. Any
// other host is refused with 403 and reported; the proxy never dials anything.
//
// Listener also lets one address serve HTTPS directly besides plain HTTP, by looking at a
// connection's first byte.
package proxy

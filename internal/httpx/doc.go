// Package httpx is the HTTP client every request to a target goes through.
//
// It exists so that no scenario can hang, exhaust memory or leak a token,
// whatever the target does:
//
//   - every request has a deadline (Options.Timeout) covering connect, TLS,
//     headers and body; a target that never answers fails at the deadline;
//   - response bodies are read up to Options.MaxBodyBytes (1 MiB by
//     default); a larger body fails with "response body exceeds 1 MiB" and
//     no more than the limit is ever held in memory;
//   - redirects are followed only within the same origin (scheme, host and
//     port), at most MaxRedirects times. A redirect to any other origin is
//     not followed: Do returns the redirect response together with a
//     KindRedirect error, so the Authorization header is never sent to a
//     host the user did not name. (Go's own client would forward it to
//     another port of the same host, or to a subdomain.) A request that may
//     act (any method but GET, HEAD and OPTIONS: isolate, unisolate and cancel
//     are POSTs) is never redirected at all, not even within the origin:
//     re-sent to the path the target names, it could act on a machine the
//     suite was not given. Do returns the redirect and a KindRedirect error.
//   - TLS certificates are verified unless Options.InsecureSkipTLSVerify;
//   - one keep-alive transport is reused across the requests of a Client;
//   - errors name what went wrong in words a user can act on: connection
//     refused, unknown host, certificate not verified, no response in time.
//
// Each call returns an Exchange: the request and response as sent and
// received, with Transcript and Curl renderings in which the Authorization
// header and every configured secret are redacted.
package httpx

package auth

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/isoconform/isoconform/internal/guid"
)

// aadError is the Entra ID error body of the token endpoints.
type aadError struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
	ErrorCodes       []int  `json:"error_codes"`
	Timestamp        string `json:"timestamp"`
	TraceID          string `json:"trace_id"`
	CorrelationID    string `json:"correlation_id"`
	ErrorURI         string `json:"error_uri,omitempty"`
}

// documentedCodes are the AADSTS codes the error lookup page knows; only they
// get an error_uri.
var documentedCodes = map[int]bool{
	70003: true, 70011: true, 90002: true, 500011: true, 700016: true,
	700027: true, 900144: true, 901002: true, 7000215: true, 7000218: true,
}

// aadTimestamp is Entra's error timestamp layout: "2016-01-09 02:02:12Z".
const aadTimestamp = "2006-01-02 15:04:05Z"

// writeAADError writes an Entra-shaped error: status, error string, AADSTS
// code and message.
func writeAADError(w http.ResponseWriter, r *http.Request, now time.Time, status int, errName string, code int, msg string) {
	ts := now.UTC().Format(aadTimestamp)
	trace := guid.New()
	corr := correlationID(r)
	body := aadError{
		Error: errName,
		ErrorDescription: fmt.Sprintf("AADSTS%d: %s\r\nTrace ID: %s\r\nCorrelation ID: %s\r\nTimestamp: %s",
			code, msg, trace, corr, ts),
		ErrorCodes:    []int{code},
		Timestamp:     ts,
		TraceID:       trace,
		CorrelationID: corr,
	}
	if documentedCodes[code] {
		body.ErrorURI = fmt.Sprintf("https://login.microsoftonline.com/error?code=%d", code)
	}
	w.Header().Set("x-ms-request-id", trace)
	writeJSON(w, status, body)
}

// correlationID echoes the client-request-id header when it is a GUID, as
// Entra does, and otherwise makes one up.
func correlationID(r *http.Request) string {
	if id := r.Header.Get("client-request-id"); isGUID(id) {
		return id
	}
	return guid.New()
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

// echo clips a request value quoted back in an error message.
func echo(s string) string {
	const limit = 128
	if len(s) > limit {
		return s[:limit]
	}
	return s
}

package redact

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
)

const (
	canary = "CANARY-s3cr3t-7f3a9c"
	// jwt is a well-formed (unsigned-looking) JWT: header.payload.signature.
	jwt = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJlLXZhbHVl"
)

func TestStringHidesSecretsBearerAndJWTs(t *testing.T) {
	r := New(canary, "", "short")
	cases := []struct{ name, in, want string }{
		{"secret", "token=" + canary + "!", "token=[REDACTED]!"},
		{"two secrets", canary + " short", "[REDACTED] [REDACTED]"},
		{"bearer header", "Authorization: Bearer abc.def-123", "Authorization: Bearer [REDACTED]"},
		{"bearer lower case", `"authorization":"bearer xyz"`, `"authorization":"bearer [REDACTED]"`},
		{"bearer placeholder kept", "-H 'Authorization: Bearer $ISOCONFORM_TOKEN_NO_ROLE'", "-H 'Authorization: Bearer $ISOCONFORM_TOKEN_NO_ROLE'"},
		{"jwt alone", "id_token " + jwt + " end", "id_token [REDACTED] end"},
		{"jwt empty signature", "x eyJhbGciOiJub25lIn0.eyJhIjoxfQ. y", "x [REDACTED] y"},
		{"jwe five parts", "eyJhbGciOiJkaXIifQ..aXY.Y2lwaGVy.dGFn", "[REDACTED]"},
		{"host names survive", "https://api.securitycenter.microsoft.com/api/v1.0", "https://api.securitycenter.microsoft.com/api/v1.0"},
		{"versions survive", "godog 0.16.0 isoconform.report/v1", "godog 0.16.0 isoconform.report/v1"},
		{"idempotent", "Bearer [REDACTED]", "Bearer [REDACTED]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := r.String(c.in); got != c.want {
				t.Errorf("String(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestLongerSecretMaskedWhole(t *testing.T) {
	r := New("abcd", "abcdefgh")
	if got := r.String("abcdefgh"); got != Mask {
		t.Errorf("got %q, want %q", got, Mask)
	}
}

func TestNilRedactorStillHidesPatterns(t *testing.T) {
	var r *Redactor
	if got := r.String("Bearer x0123456789abcdef " + jwt); got != "Bearer [REDACTED] [REDACTED]" {
		t.Errorf("got %q", got)
	}
}

func TestWriterHidesSecretSplitAcrossWrites(t *testing.T) {
	text := "line one\nAuthorization: Bearer " + canary + "\njwt: " + jwt + "\nsecret " + canary + " tail"
	want := "line one\nAuthorization: Bearer [REDACTED]\njwt: [REDACTED]\nsecret [REDACTED] tail"
	for chunk := 1; chunk <= 7; chunk++ {
		t.Run(fmt.Sprintf("chunks of %d", chunk), func(t *testing.T) {
			var out bytes.Buffer
			w := New(canary).Writer(&out)
			for i := 0; i < len(text); i += chunk {
				part := text[i:min(i+chunk, len(text))]
				if n, err := w.Write([]byte(part)); err != nil || n != len(part) {
					t.Fatalf("Write = %d, %v; want %d, nil", n, err, len(part))
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if got := out.String(); got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

func TestWriterHoldsBackUnfinishedLine(t *testing.T) {
	var out bytes.Buffer
	w := New(canary).Writer(&out)
	mustWrite(t, w, "a\n"+canary[:5])
	if got := out.String(); got != "a\n" {
		t.Fatalf("after first write got %q, want only the finished line", got)
	}
	mustWrite(t, w, canary[5:]+"\n")
	if got := out.String(); got != "a\n[REDACTED]\n" {
		t.Fatalf("got %q", got)
	}
}

func TestWriterConcurrentLines(t *testing.T) {
	var out bytes.Buffer
	w := New(canary).Writer(&out)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				fmt.Fprintf(w, "worker %d %s\n", j, canary)
			}
		}()
	}
	wg.Wait()
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), canary) {
		t.Fatal("canary leaked")
	}
	if n := strings.Count(out.String(), Mask); n != 400 {
		t.Fatalf("%d masks, want 400", n)
	}
}

func mustWrite(t *testing.T, w *Writer, s string) {
	t.Helper()
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
}

func TestBearerProseIsKept(t *testing.T) {
	r := New()
	for _, s := range []string{
		"A request whose Authorization header is not a well-formed Bearer token MUST be answered 401.",
		"the header Bearer not-a-jwt, sent as a scenario example",
	} {
		if got := r.String(s); got != s {
			t.Errorf("String(%q) = %q: prose and short non-credentials are kept", s, got)
		}
	}
	if got := r.String("Authorization: Bearer 0123456789abcdef"); got != "Authorization: Bearer "+Mask {
		t.Errorf("a credential-like bearer value must be masked, got %q", got)
	}
}

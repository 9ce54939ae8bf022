// Package report holds the one result model of an isoconform run and every
// writer that renders it: JUnit XML, cucumber JSON, the versioned JSON report,
// the console summary and the self-contained HTML page.
//
// A runner records results into a Recorder while scenarios run (possibly
// concurrently), calls Finish to obtain a *Run with requirement verdicts and
// the overall Verdict computed, and hands that Run to the writers. Each writer
// takes a *redact.Redactor: every string of the Run is redacted before it is
// encoded (so XML or JSON escaping cannot disguise a secret) and the encoded
// output passes through a redacting writer as well.
package report

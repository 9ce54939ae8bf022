// Package steps runs the isoconform conformance suite: the Gherkin features of package
// features, executed by godog against any target (or the embedded reference mock), with every
// response validated against the OpenAPI document and every isolation released.
//
// Run is the entry point; Config says what to run against (with an Embedded target the caller
// supplies when there is no base URL); ConfigFromEnv reads it from ISOCONFORM_* variables;
// List names the scenarios without sending anything. The public face is package conformance.
package steps

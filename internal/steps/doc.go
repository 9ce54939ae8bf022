// Package steps runs the isoconform conformance suite: the Gherkin features of package
// features, executed by godog against any target (or the embedded reference mock), with every
// response validated against the OpenAPI document and every isolation released.
//
// Run and RunT are the entry points; Config says what to run against; ConfigFromEnv reads it
// from ISOCONFORM_* variables; List names the scenarios without sending anything.
package steps

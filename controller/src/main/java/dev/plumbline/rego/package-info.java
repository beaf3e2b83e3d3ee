/**
 * Policy as code: a policy set's Rego files evaluated with OPA against a plan's {@code show -json} document, read by
 * conftest's conventions ({@link dev.plumbline.rego.Conftest}: {@code deny}, {@code violation} and {@code warn}
 * rules, and rules named {@code deny_*}, {@code violation_*} and {@code warn_*}, in {@code package main} or the
 * namespaces a set names), into one {@link dev.plumbline.domain.PolicyResult} per set
 * ({@link dev.plumbline.rego.Evaluation}); the built-in library shipped in the jar
 * ({@link dev.plumbline.rego.Library}). The plan reaches OPA on its standard input only, and every message is masked
 * by the caller's mask before it leaves this package. Imports {@code domain} and {@code runner} (to run OPA),
 * nothing else; knows nothing of runs, the store or where a set's files come from.
 */
package dev.plumbline.rego;

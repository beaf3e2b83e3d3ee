/**
 * Runs tofu and terraform: {@link dev.plumbline.runner.TofuCommand} (init, plan, show, apply, fmt, validate) through
 * Commons Exec with arguments as a list, never a shell; the child's environment built explicitly
 * ({@link dev.plumbline.runner.ChildEnvironment}); timeouts and cancellation (SIGINT to the process group, then
 * SIGKILL), sent by a guard that also sends it when this process dies first; output streamed line by line through
 * the {@link dev.plumbline.runner.Redactor}; shared processes of configuration-free providers. Imports only
 * {@code domain} (and {@code util}); knows nothing of runs or the store.
 */
package dev.plumbline.runner;

/**
 * The command line (picocli) and the composition root: {@link dev.plumbline.cli.App} wires the objects one command
 * or the daemon needs from the daemon config. May import every package; nothing imports it.
 */
package dev.plumbline.cli;

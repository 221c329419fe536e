/**
 * The {@code bourse} command-line tool: {@link org.bourse.cli.Bourse} and its subcommands, one
 * class each in a package of its own. Output goes through picocli's writers, so that tests can
 * capture it.
 */
package org.bourse.cli;

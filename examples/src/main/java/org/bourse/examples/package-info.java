/**
 * Small programs that embed Bourse. Each is compiled and run by the test suite, and the README
 * quotes their tagged snippets, so the documentation cannot drift from code that works.
 */
package org.bourse.examples;

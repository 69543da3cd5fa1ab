/** The {@code marquee} command line: {@code serve}, {@code quickstart} and commands that call the REST API. */
package dev.marquee.cli;

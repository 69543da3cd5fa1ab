/** The Java SDK: a thin, dependency-light client of Marquee's REST API. */
package dev.marquee.client;

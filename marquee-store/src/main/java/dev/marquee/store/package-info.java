/**
 * Marquee's persistence: the metadata store (SQLite by default, PostgreSQL at scale, schema by Flyway) and the
 * content-addressed artifact store. Every tenant-owned query takes the tenant id so no caller can reach another
 * tenant's records.
 */
package dev.marquee.store;

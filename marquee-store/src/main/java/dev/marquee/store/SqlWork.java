package dev.marquee.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of JDBC work run on a borrowed connection; for writes, inside one transaction. */
@FunctionalInterface
interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}

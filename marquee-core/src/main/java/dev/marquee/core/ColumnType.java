package dev.marquee.core;

/** The inferred type of a dataset column. */
public enum ColumnType {
    NUMERIC,
    CATEGORICAL,
    TEXT,
    BOOLEAN,
    TIMESTAMP
}

package dev.stampede.engine.plan;

import java.util.Objects;

/**
 * Where in a scenario file something was written: used to point every error at the user's own line.
 *
 * @param file   the file name as the user gave it
 * @param line   1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 */
public record SourceRef(String file, int line, int column) {

    public SourceRef {
        Objects.requireNonNull(file, "file");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must be >= 0 (got " + line + ":" + column + ")");
        }
    }

    /** A reference to a whole file, when no line is known. */
    public static SourceRef file(String file) {
        return new SourceRef(file, 0, 0);
    }

    /** {@code file:line:col}, or less when line or column are unknown. */
    @Override
    public String toString() {
        if (line == 0) return file;
        if (column == 0) return file + ":" + line;
        return file + ":" + line + ":" + column;
    }
}

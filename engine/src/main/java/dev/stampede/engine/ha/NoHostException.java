package dev.stampede.engine.ha;

import dev.stampede.engine.metrics.ErrorKinds;

import java.sql.SQLException;

/**
 * No host of the role a step needs was up and free within {@code acquireTimeout}: counted under its
 * own kind ({@code no_primary}, {@code no_replica}, or {@code timeout} when hosts were up but busy).
 */
final class NoHostException extends SQLException implements ErrorKinds.Classified {

    private final String kind;

    NoHostException(String kind, String message) {
        super(message, "08001");
        this.kind = kind;
    }

    @Override
    public String kind() {
        return kind;
    }
}

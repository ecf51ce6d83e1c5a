package dev.stampede.engine.plan;

import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code request payload}: send the payload as ASCII plus {@code \n} on the worker's TCP connection and
 * read one reply (a reply ends at {@code \n}), timed as one operation.
 *
 * @param operation the name it is recorded under, {@code request} by default
 * @param payload   the text sent, drawn per request (a constant or a generator)
 * @param expect    the reply expected, when the reply is checked
 */
public record Request(String operation, Value payload, Optional<String> expect) implements Step {

    public static final String DEFAULT_NAME = "request";

    public Request {
        Objects.requireNonNull(operation, "operation");
        if (operation.isBlank()) throw new IllegalArgumentException("operation name must not be blank");
        Objects.requireNonNull(payload, "payload");
        expect = expect == null ? Optional.empty() : expect;
    }

    @Override
    public Stream<String> operationNames() {
        return Stream.of(operation);
    }

    @Override
    public Family family() {
        return Family.TCP;
    }
}

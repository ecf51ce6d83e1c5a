package dev.stampede.engine.tcp;

import dev.stampede.engine.metrics.ErrorKinds;

import java.io.IOException;

/** A TCP target's own failure, named by kind: {@code closed}, {@code unexpected_reply}, {@code server_error}. */
final class TcpFailure extends IOException implements ErrorKinds.Classified {

    /** The server closed the connection (EOF) before the reply ended. */
    static final String CLOSED = "closed";
    /** The reply was not the one {@code expect:} names. */
    static final String UNEXPECTED_REPLY = "unexpected_reply";
    /** The server answered {@code ERR …}. */
    static final String SERVER_ERROR = "server_error";

    private final String kind;

    TcpFailure(String kind, String message) {
        super(message);
        this.kind = kind;
    }

    @Override
    public String kind() {
        return kind;
    }
}

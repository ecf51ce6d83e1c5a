package dev.stampede.engine.plan;

/**
 * Where a step that encodes a row itself (COPY's CSV) takes its values one by one, so that a value
 * which knows its bytes can hand them over without becoming an object first.
 * See {@link Value#next(java.util.random.RandomGenerator, ValueSink)} and
 * {@link Value#nextRow(java.util.random.RandomGenerator, ValueSink)}.
 *
 * <p>Confined to one thread, like the worker that owns it.
 */
public interface ValueSink {

    /** The next value: anything {@link Value#next} may return ({@code null}, a number, a text …). */
    void value(Object v);

    /**
     * The next value, a text given as its bytes {@code from .. from+length-1} of {@code bytes}, every
     * one {@link #plain}, so that neither CSV (quoted) nor COPY's text format needs to escape any of them.
     * The sink copies them before it returns.
     */
    void plainAscii(byte[] bytes, int from, int length);

    /** A printable ASCII character other than {@code "} and {@code \}: space to {@code ~}. */
    static boolean plain(char c) {
        return c >= ' ' && c <= '~' && c != '"' && c != '\\';
    }
}

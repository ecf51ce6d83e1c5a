package dev.stampede.dsl;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The text of a scenario file: strict UTF-8, a leading byte-order mark dropped, and a file that is not
 * text (an invalid UTF-8 sequence, or a NUL byte as binary files have) refused with the byte offset,
 * so a user who passed the wrong file learns it in one line instead of a page of parser errors.
 * Stateless.
 */
public final class SourceText {

    private SourceText() {
    }

    /** Thrown by {@link #decode}: the message is user-facing ("not a UTF-8 text file (…)"). */
    public static final class NotText extends Exception {
        NotText(String message) {
            super(message);
        }
    }

    public static String decode(byte[] bytes) throws NotText {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            throw new NotText(String.format("not a UTF-8 text file (byte 0x%02X at offset %d is not UTF-8)",
                    bytes[in.position()] & 0xff, in.position()));
        }
        decoder.flush(out);
        return withoutBom(out.flip().toString());
    }

    /** {@code text} without a leading byte-order mark; refused when it holds a NUL character (a binary file). */
    public static String checked(String text) throws NotText {
        String t = withoutBom(text);
        int nul = t.indexOf('\0');
        if (nul >= 0) {
            int offset = t.substring(0, nul).getBytes(StandardCharsets.UTF_8).length + (t.length() < text.length() ? 3 : 0);
            throw new NotText("not a UTF-8 text file (a NUL byte at offset " + offset + ": a binary file?)");
        }
        return t;
    }

    private static String withoutBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * {@code text} with control characters shown as escapes ({@code \n}, {@code \t}, {@code \u001B}), so
     * a message stays one line and a terminal never interprets what a user (or a file) put in it.
     */
    static String visible(String text) {
        if (text == null) return null;
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029';
            if (control && b == null) b = new StringBuilder(text.substring(0, i));
            if (b == null) continue;
            if (!control) b.append(c);
            else if (c == '\n') b.append("\\n");
            else if (c == '\r') b.append("\\r");
            else if (c == '\t') b.append("\\t");
            else b.append(String.format("\\u%04X", (int) c));
        }
        return b == null ? text : b.toString();
    }
}

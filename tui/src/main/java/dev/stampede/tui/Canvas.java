package dev.stampede.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;

/**
 * A rectangle of the screen that views draw into: text is cut at its edges (so a view never draws over
 * its neighbour, and a tiny terminal never throws), and colours are left out when colour is off
 * ({@code NO_COLOR}), styles such as reverse and bold kept.
 *
 * <p>Not thread-safe: one per drawing pass, on the drawing thread.
 */
final class Canvas {

    /** What a colour means on this screen; each maps to one ANSI colour. */
    enum Ink {
        PLAIN(TextColor.ANSI.DEFAULT), ERROR(TextColor.ANSI.RED), WARNING(TextColor.ANSI.YELLOW),
        GOOD(TextColor.ANSI.GREEN), ACCENT(TextColor.ANSI.CYAN), DIM(TextColor.ANSI.BLUE);

        final TextColor color;

        Ink(TextColor color) {
            this.color = color;
        }
    }

    private final TextGraphics g;
    private final boolean color;
    final int x;
    final int y;
    final int width;
    final int height;

    Canvas(TextGraphics g, boolean color, int x, int y, int width, int height) {
        this.g = g;
        this.color = color;
        this.x = x;
        this.y = y;
        this.width = Math.max(0, width);
        this.height = Math.max(0, height);
    }

    /** The part of this canvas at ({@code dx}, {@code dy}) of {@code w} x {@code h}, cut to this one. */
    Canvas sub(int dx, int dy, int w, int h) {
        int nx = Math.min(width, Math.max(0, dx));
        int ny = Math.min(height, Math.max(0, dy));
        return new Canvas(g, color, x + nx, y + ny, Math.min(w, width - nx), Math.min(h, height - ny));
    }

    /** Writes {@code text} at column {@code col} of row {@code row}, cut at the right edge. */
    void put(int col, int row, String text) {
        put(col, row, text, Ink.PLAIN);
    }

    void put(int col, int row, String text, Ink ink, SGR... styles) {
        if (row < 0 || row >= height || col >= width || text.isEmpty()) return;
        if (col < 0) {
            if (-col >= text.length()) return;
            text = text.substring(-col);
            col = 0;
        }
        String visible = text.length() > width - col ? text.substring(0, width - col) : text;
        boolean inked = color && ink != Ink.PLAIN;
        if (inked) g.setForegroundColor(ink.color);
        if (styles.length == 0) {
            g.putString(x + col, y + row, visible);
        } else {
            g.putString(x + col, y + row, visible, styles[0], java.util.Arrays.copyOfRange(styles, 1, styles.length));
        }
        if (inked) g.setForegroundColor(TextColor.ANSI.DEFAULT);
    }

    /** Fills a row with {@code text} padded by blanks to the full width (for highlighted rows). */
    void line(int row, String text, Ink ink, SGR... styles) {
        put(0, row, text.length() >= width ? text : text + " ".repeat(width - text.length()), ink, styles);
    }

    /** Blanks the whole canvas (under an overlay). */
    void clear() {
        String blank = " ".repeat(width);
        for (int r = 0; r < height; r++) put(0, r, blank);
    }
}

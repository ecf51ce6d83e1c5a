package dev.stampede.dsl;

import java.math.BigDecimal;

/** Numbers as a scenario author wrote them: {@code 90}, not {@code 90.0}. Stateless. */
final class Numbers {

    private Numbers() {
    }

    static String text(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return String.valueOf(v);
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}

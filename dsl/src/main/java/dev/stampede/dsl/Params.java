package dev.stampede.dsl;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/** Converts {@code --set} text to the type of a param's default. Stateless. */
final class Params {

    private Params() {
    }

    /** The value of {@code text} in the type of {@code example}, or null when it does not convert. */
    static Object convert(String text, Object example) {
        String t = text.strip().replace("_", "");
        try {
            return switch (example) {
                case Integer i -> Integer.parseInt(t);
                case Long l -> Long.parseLong(t);
                case Double d -> Double.parseDouble(t);
                case Float f -> Float.parseFloat(t);
                case BigDecimal b -> new BigDecimal(t);
                case Boolean b -> switch (t.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on", "1" -> Boolean.TRUE;
                    case "false", "no", "off", "0" -> Boolean.FALSE;
                    default -> null;
                };
                case Duration d -> Units.parseDuration(t);
                case null -> text;
                default -> text;
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String typeName(Object example) {
        return switch (example) {
            case Integer i -> "a whole number";
            case Long l -> "a whole number";
            case Double d -> "a number";
            case Float f -> "a number";
            case BigDecimal b -> "a number";
            case Boolean b -> "true or false";
            case Duration d -> "a duration like 30s";
            case null -> "text";
            default -> "text";
        };
    }
}

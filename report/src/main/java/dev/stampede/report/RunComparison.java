package dev.stampede.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two runs side by side ({@code stampede compare A B}): per operation, rate, errors and latency
 * percentiles of A and B with B's change in percent, and the {@code --fail-if} rules B breaks.
 * Reads only the two {@code summary.json}; immutable once built.
 */
public final class RunComparison {

    /** The metrics a comparison shows and a rule can name, in display order. */
    public static final List<String> METRICS = List.of("rate", "errors", "p50", "p90", "p95", "p99", "p999", "max");

    private static final Pattern RULE = Pattern.compile(
            "\\s*(?:(?<op>[^:]+?)\\s*:\\s*)?(?<metric>[a-z0-9]+)\\s*(?<cmp>>|<)\\s*(?<pct>[+-]?\\d+(?:\\.\\d+)?)\\s*%\\s*");

    /** A bad {@code --fail-if} rule: one line for the user. */
    public static final class BadRuleException extends IllegalArgumentException {
        public BadRuleException(String message) {
            super(message);
        }
    }

    /**
     * {@code [OPERATION:]METRIC >|< [+-]N%}: fails when B's change against A (in percent) is beyond
     * N, for the operation named or for every operation both runs have.
     */
    public record Rule(String text, String operation, String metric, boolean greater, double percent) {

        public static Rule parse(String text) {
            Matcher m = RULE.matcher(text);
            if (!m.matches()) {
                throw new BadRuleException("--fail-if: cannot read '" + text + "' (expected METRIC > +N% or METRIC < -N%, "
                        + "e.g. 'p99 > +10%' or 'connect:rate < -5%'; metrics: " + String.join(", ", METRICS) + ")");
            }
            String metric = m.group("metric");
            if (!METRICS.contains(metric)) {
                throw new BadRuleException("--fail-if: unknown metric '" + metric + "' in '" + text + "' (metrics: "
                        + String.join(", ", METRICS) + ")");
            }
            return new Rule(text.strip(), m.group("op"), metric, m.group("cmp").equals(">"), Double.parseDouble(m.group("pct")));
        }

        boolean applies(String op) {
            return operation == null || operation.equals(op);
        }

        boolean broken(double changePercent) {
            if (Double.isNaN(changePercent)) return false;
            return greater ? changePercent > percent : changePercent < percent;
        }
    }

    /** One metric of one operation in both runs; change in percent of A (NaN when A and B are both 0). */
    public record Cell(String operation, String metric, double a, double b, double changePercent) {
    }

    /** A rule broken by one operation's metric. */
    public record Failure(Rule rule, Cell cell) {
        public String describe() {
            return cell.operation() + " " + cell.metric() + " " + value(cell.metric(), cell.a()) + " → "
                    + value(cell.metric(), cell.b()) + " (" + change(cell.changePercent()) + ") breaks '" + rule.text() + "'";
        }
    }

    private final ResultFolder a;
    private final ResultFolder b;
    private final List<Cell> cells;
    private final List<String> onlyA;
    private final List<String> onlyB;
    private final List<Failure> failures;

    private RunComparison(ResultFolder a, ResultFolder b, List<Cell> cells, List<String> onlyA, List<String> onlyB,
                          List<Failure> failures) {
        this.a = a;
        this.b = b;
        this.cells = List.copyOf(cells);
        this.onlyA = List.copyOf(onlyA);
        this.onlyB = List.copyOf(onlyB);
        this.failures = List.copyOf(failures);
    }

    /** Compares B against A and checks the rules. A rule naming an operation neither run has is a bad rule. */
    public static RunComparison of(ResultFolder a, ResultFolder b, List<Rule> rules) {
        List<Cell> cells = new ArrayList<>();
        List<String> onlyA = new ArrayList<>();
        List<String> onlyB = new ArrayList<>();
        for (String op : a.operations()) {
            if (!b.summary().path("operations").has(op)) {
                onlyA.add(op);
                continue;
            }
            for (String metric : METRICS) {
                double va = metric(a.operation(op), metric);
                double vb = metric(b.operation(op), metric);
                cells.add(new Cell(op, metric, va, vb, changePercent(va, vb)));
            }
        }
        for (String op : b.operations()) if (!a.summary().path("operations").has(op)) onlyB.add(op);
        for (Rule r : rules) {
            if (r.operation() != null && cells.stream().noneMatch(c -> c.operation().equals(r.operation()))) {
                throw new BadRuleException("--fail-if: '" + r.text() + "' names operation '" + r.operation()
                        + "', which the two runs do not share (they share: "
                        + String.join(", ", cells.stream().map(Cell::operation).distinct().toList()) + ")");
            }
        }
        List<Failure> failures = new ArrayList<>();
        for (Cell c : cells) {
            for (Rule r : rules) {
                if (r.applies(c.operation()) && r.metric().equals(c.metric()) && r.broken(c.changePercent())) {
                    failures.add(new Failure(r, c));
                }
            }
        }
        return new RunComparison(a, b, cells, onlyA, onlyB, failures);
    }

    public List<Cell> cells() {
        return cells;
    }

    public List<Failure> failures() {
        return failures;
    }

    static double metric(JsonNode op, String metric) {
        return switch (metric) {
            case "rate" -> op.path("ratePerSecond").asDouble();
            case "errors" -> op.path("errors").asDouble();
            default -> op.path("latencyMs").path(metric).asDouble();
        };
    }

    /** B's change against A in percent; +∞ when A is 0 and B is not, NaN when both are 0. */
    static double changePercent(double a, double b) {
        if (a == 0) return b == 0 ? Double.NaN : (b > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
        return (b - a) / Math.abs(a) * 100.0;
    }

    /** The comparison as a text table, then the broken rules. */
    public String text() {
        StringBuilder t = new StringBuilder();
        t.append("A: ").append(a.dir()).append(" (").append(a.summary().path("scenario").asText()).append(", ")
                .append(a.summary().path("startedAt").asText()).append(")\n");
        t.append("B: ").append(b.dir()).append(" (").append(b.summary().path("scenario").asText()).append(", ")
                .append(b.summary().path("startedAt").asText()).append(")\n\n");
        int w = Math.max(9, cells.stream().mapToInt(c -> c.operation().length()).max().orElse(9));
        t.append(String.format(Locale.ROOT, "%-" + w + "s  %-6s %14s %14s %10s%n", "operation", "metric", "A", "B", "change"));
        for (Cell c : cells) {
            boolean failed = failures.stream().anyMatch(f -> f.cell() == c);
            t.append(String.format(Locale.ROOT, "%-" + w + "s  %-6s %14s %14s %10s%s%n", c.operation(), c.metric(),
                    value(c.metric(), c.a()), value(c.metric(), c.b()), change(c.changePercent()), failed ? "  ✗" : ""));
        }
        for (String op : onlyA) t.append("only in A: ").append(op).append('\n');
        for (String op : onlyB) t.append("only in B: ").append(op).append('\n');
        t.append('\n');
        for (Failure f : failures) t.append("FAIL ").append(f.describe()).append('\n');
        return t.toString();
    }

    /** The comparison for machines. */
    public ObjectNode json(int exitCode) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("a", a.dir().toString());
        root.put("b", b.dir().toString());
        ObjectNode ops = root.putObject("operations");
        Map<String, ObjectNode> byOp = new LinkedHashMap<>();
        for (Cell c : cells) {
            ObjectNode n = byOp.computeIfAbsent(c.operation(), ops::putObject).putObject(c.metric());
            n.put("a", c.a());
            n.put("b", c.b());
            if (Double.isFinite(c.changePercent())) n.put("changePercent", Math.round(c.changePercent() * 100) / 100.0);
            else n.putNull("changePercent");
        }
        ArrayNode onlyInA = root.putArray("onlyInA");
        onlyA.forEach(onlyInA::add);
        ArrayNode onlyInB = root.putArray("onlyInB");
        onlyB.forEach(onlyInB::add);
        ArrayNode fails = root.putArray("failures");
        for (Failure f : failures) {
            ObjectNode n = fails.addObject();
            n.put("rule", f.rule().text());
            n.put("operation", f.cell().operation());
            n.put("metric", f.cell().metric());
            n.put("a", f.cell().a());
            n.put("b", f.cell().b());
            if (Double.isFinite(f.cell().changePercent())) n.put("changePercent", Math.round(f.cell().changePercent() * 100) / 100.0);
            else n.putNull("changePercent");
        }
        root.put("exitCode", exitCode);
        return root;
    }

    static String value(String metric, double v) {
        return switch (metric) {
            case "rate" -> HtmlReport.fmt(v) + "/s";
            case "errors" -> String.valueOf((long) v);
            default -> HtmlReport.fmt(v) + " ms";
        };
    }

    static String change(double pct) {
        if (Double.isNaN(pct)) return "=";
        if (Double.isInfinite(pct)) return pct > 0 ? "+∞" : "-∞";
        return String.format(Locale.ROOT, "%+.1f%%", pct);
    }
}

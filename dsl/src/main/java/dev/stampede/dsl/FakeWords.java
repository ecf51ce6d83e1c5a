package dev.stampede.dsl;

import dev.stampede.engine.plan.Row;
import dev.stampede.engine.plan.Value;
import net.datafaker.Faker;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * {@code fake}: realistic data from Datafaker, drawn afresh for every use — {@code fake.person()}
 * (a row: name, email, age, address, phone_number), {@code fake.text(1.kb)}, {@code fake.name()},
 * {@code fake.email()}, {@code fake.address()}, {@code fake.phone()}, and any Datafaker expression
 * {@code fake.expression('#{Name.firstName}')}.
 *
 * <p>The builder lives only while the script runs (not thread-safe); the {@link Value} records it
 * returns are immutable and thread-safe (they draw through {@link FakerPool}), and compare equal
 * when written alike.
 */
public final class FakeWords extends Block {

    /** The columns of {@code fake.person()}, in order. */
    public static final List<String> PERSON_COLUMNS = List.of("name", "email", "age", "address", "phone_number");

    FakeWords(ScenarioBuilder root, Diagnostics diag) {
        super(root, diag);
    }

    @Override
    String describe() {
        return "fake";
    }

    /** A person row: {@code name, email, age, address, phone_number}; for {@code insertBatch}/{@code copy}. */
    public Row person() {
        return new Row(PERSON_COLUMNS, new Person());
    }

    /**
     * A person row with more columns: {@code fake.person(data: random.text(1.kb))}; each extra value is
     * a generator or a constant.
     */
    public Row person(Map<String, Object> extra) {
        List<String> columns = new java.util.ArrayList<>(PERSON_COLUMNS);
        List<Value> values = new java.util.ArrayList<>();
        boolean ok = true;
        for (Map.Entry<String, Object> e : extra.entrySet()) {
            String column = identifier("person", "column names like 'data'", e.getKey());
            if (column != null && columns.contains(column)) {
                diag.report("person", "fake.person already has a column '" + column + "' (its columns: "
                        + String.join(", ", PERSON_COLUMNS) + ")");
                column = null;
            }
            Value v = switch (e.getValue()) {
                case Row r -> {
                    diag.report("person", "fake.person takes values for its extra columns, not a row (got " + r.values() + ")");
                    yield null;
                }
                case Value x -> x;
                case groovy.lang.Closure<?> c -> new ClosureValue(c, root.script(), diag.here("person"));
                case groovy.lang.GString g -> Value.of(g.toString());
                case null -> Value.of(null);
                default -> Value.of(e.getValue());
            };
            if (column == null || v == null) ok = false;
            else {
                columns.add(column);
                values.add(v);
            }
        }
        return ok ? new Row(columns, new PersonWith(values)) : null;
    }

    /** A person's five values followed by the extra columns' values. */
    public record PersonWith(List<Value> extra) implements Value {
        @Override
        public Object next(RandomGenerator random) {
            Object[] base = (Object[]) new Person().next(random);
            Object[] all = java.util.Arrays.copyOf(base, base.length + extra.size());
            for (int i = 0; i < extra.size(); i++) all[base.length + i] = extra.get(i).next(random);
            return all;
        }

        /** The person's values, then each extra column's drawn straight into {@code sink} (no row arrays). */
        @Override
        public void nextRow(RandomGenerator random, dev.stampede.engine.plan.ValueSink sink) {
            new Person().nextRow(random, sink);
            for (Value v : extra) v.next(random, sink);
        }

        @Override
        public String toString() {
            return "fake.person(+" + extra.size() + " column(s))";
        }
    }

    /** Lorem ipsum text of exactly {@code length} characters: {@code fake.text(1.kb)}. */
    public Value text(Object length) {
        Integer n = RandomWords.length(diag, "fake.text", length);
        return n == null ? null : new Text(n);
    }

    /** A full name. */
    public Value name() {
        return new Expression("#{Name.name}", "fake.name()");
    }

    public Value email() {
        return new Expression("#{Internet.emailAddress}", "fake.email()");
    }

    public Value address() {
        return new Expression("#{Address.fullAddress}", "fake.address()");
    }

    public Value phone() {
        return new Expression("#{PhoneNumber.phoneNumber}", "fake.phone()");
    }

    /** Any Datafaker expression, checked once now so a typo is reported with the scenario line. */
    public Value expression(String expression) {
        try {
            FakerPool.SHARED.with(new SplittableRandom(), f -> f.expression(expression));
            return new Expression(expression, "fake.expression('" + expression + "')");
        } catch (RuntimeException e) {
            diag.report("expression", "fake.expression does not know '" + expression + "' (expected a Datafaker "
                    + "expression like '#{Name.firstName}')");
            return null;
        }
    }

    /** {@code fake.person()}'s values: one Object[] per draw, in {@link #PERSON_COLUMNS} order. */
    public record Person() implements Value {
        /**
         * The parts of a person, each in its own pool of recent Datafaker draws shared by every fake.person()
         * of the process. Datafaker draws a person's parts independently of each other anyway, so combining
         * them from independent pools gives rows just as realistic, and far more distinct (4,096 names ×
         * 512 domains × 2,048 addresses × 2,048 phones: 10^13 persons, where 16,384 whole persons were
         * pooled before). How often a draw refreshes its slot follows the part's cost (measured: a name
         * 2 µs, a domain 3 µs, an address 10-20 µs, a phone number 55-75 µs): about 13 ns a person of
         * fresh draws (the names renewed about every 2 million rows, the phone numbers every 33 million). At
         * eight times that rate (0.1 µs a person measured alone) the refreshes cost a COPY of 1 KB rows
         * 0.3-0.5 µs of client CPU a row next to a busy server (cold caches for Datafaker's code, and a JIT
         * that never went quiet), a quarter of it all; filling the pools costs about 0.2 s of CPU once per
         * process. The pools are small enough to stay mostly in the CPU's caches (a model of a row's four
         * random reads and copies took 310-380 ns with 16,384-slot pools, 80-170 ns with 4,096-slot ones);
         * for COPY each value is also kept as bytes in a flat record, one or two cache lines a part (about
         * 600 KB in use in all; see {@link PooledTexts}).
         */
        static final PooledTexts NAMES = new PooledTexts(4_096, 512, new int[]{39, 39}, f -> {
            String first = f.name().firstName(), last = f.name().lastName();
            return new String[]{first + " " + last, localPart(first + "." + last)};
        });
        static final PooledTexts DOMAINS = new PooledTexts(512, 2_048, new int[]{31}, f -> new String[]{f.internet().domainName()});
        static final PooledTexts ADDRESSES = new PooledTexts(2_048, 4_096, new int[]{95}, f -> new String[]{f.address().fullAddress()});
        static final PooledTexts PHONES = new PooledTexts(2_048, 16_384, new int[]{31}, f -> new String[]{f.phoneNumber().phoneNumber()});

        /**
         * A person: name, email, age, address, phone, each part from its pool (an empty slot is always
         * filled); the email's number and the age are drawn afresh every time, so emails stay varied.
         */
        @Override
        public Object next(RandomGenerator random) {
            int name = NAMES.draw(random);
            int number = random.nextInt(10_000);
            int domain = DOMAINS.draw(random);
            return new Object[]{NAMES.text(name, 0), email(name, number, domain),
                    18 + random.nextInt(73), ADDRESSES.text(ADDRESSES.draw(random), 0), PHONES.text(PHONES.draw(random), 0)};
        }

        /**
         * The same draws as {@link #next}, in the same order, handed to {@code sink} one by one: each part's
         * bytes as its pool keeps them, the email put together from the bytes of its parts (no String made
         * or encoded per row, for COPY).
         */
        @Override
        public void nextRow(RandomGenerator random, dev.stampede.engine.plan.ValueSink sink) {
            int name = NAMES.draw(random);
            int number = random.nextInt(10_000);
            int domain = DOMAINS.draw(random);
            NAMES.into(name, 0, sink);
            byte[] email = new byte[NAMES.width(1) + 5 + DOMAINS.width(0)];
            int at = NAMES.copy(name, 1, email, 0);
            if (at >= 0) {
                at = digits(number, email, at);
                email[at++] = '@';
                at = DOMAINS.copy(domain, 0, email, at);
            }
            if (at >= 0) sink.plainAscii(email, 0, at);
            else sink.value(email(name, number, domain));
            sink.value(18 + random.nextInt(73));
            ADDRESSES.into(ADDRESSES.draw(random), 0, sink);
            PHONES.into(PHONES.draw(random), 0, sink);
        }

        /** The email of the name in slot {@code name}, with {@code number} and the domain in slot {@code domain}, as a String. */
        private static String email(int name, int number, int domain) {
            return NAMES.text(name, 1) + number + "@" + DOMAINS.text(domain, 0);
        }

        /** {@code n} (0 .. 9,999) as its decimal digits into {@code to} at {@code at}: the position after them. */
        private static int digits(int n, byte[] to, int at) {
            if (n >= 1000) to[at++] = (byte) ('0' + n / 1000);
            if (n >= 100) to[at++] = (byte) ('0' + n / 100 % 10);
            if (n >= 10) to[at++] = (byte) ('0' + n / 10 % 10);
            to[at++] = (byte) ('0' + n % 10);
            return at;
        }

        /** Lower-case letters and dots only ({@code o'brien} → {@code obrien}). */
        private static String localPart(String s) {
            StringBuilder b = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = Character.toLowerCase(s.charAt(i));
                if ((c >= 'a' && c <= 'z') || c == '.') b.append(c);
            }
            return b.toString();
        }

        @Override
        public String toString() {
            return "fake.person()";
        }
    }

    /** Lorem ipsum, cut to {@code length} characters. */
    public record Text(int length) implements Value {
        @Override
        public Object next(RandomGenerator random) {
            return FakerPool.SHARED.with(random, f -> lorem(f, length));
        }

        private static String lorem(Faker f, int length) {
            StringBuilder sb = new StringBuilder(length + 512);
            while (sb.length() < length) {
                if (!sb.isEmpty()) sb.append(' ');
                sb.append(f.lorem().paragraph(8));
            }
            sb.setLength(length);
            return sb.toString();
        }

        @Override
        public String toString() {
            return "fake.text(" + length + ")";
        }
    }

    /** A Datafaker expression such as {@code #{Name.firstName}}, and how the scenario wrote it. */
    public record Expression(String expression, String written) implements Value {
        @Override
        public Object next(RandomGenerator random) {
            return FakerPool.SHARED.with(random, f -> f.expression(expression));
        }

        @Override
        public String toString() {
            return written;
        }
    }
}

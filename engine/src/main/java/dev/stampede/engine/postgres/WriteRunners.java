package dev.stampede.engine.postgres;

import dev.stampede.engine.session.StepRunner;
import dev.stampede.engine.session.Timing;
import dev.stampede.engine.session.WorkerContext;

import dev.stampede.engine.metrics.OperationMeter;
import dev.stampede.engine.plan.Copy;
import dev.stampede.engine.plan.InsertBatch;
import dev.stampede.engine.plan.UpdateRandom;
import dev.stampede.engine.plan.Value;
import org.postgresql.PGConnection;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;


/**
 * The write-mix steps: multi-row INSERT, UPDATE of a random existing row, COPY FROM STDIN.
 * Each is stateless and thread-safe; statements are prepared once per worker connection.
 */
public final class WriteRunners {

    private WriteRunners() {
    }

    /** Bytes a bound value puts on the wire: UTF-8 text length, 8 for numbers and times. */
    static long payload(Object v) {
        if (v == null) return 0;
        if (v instanceof CharSequence s) return utf8Length(s);
        if (v instanceof byte[] b) return b.length;
        return 8;
    }

    private static long utf8Length(CharSequence s) {
        // a String's own encoder checks for non-ASCII with a vectorised intrinsic and copies: far cheaper than a char loop
        if (s instanceof String str) return str.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) ? 2 : 3;
        }
        return n;
    }

    /** {@code insertBatch 'tbl', rows: N, row: …}: one {@code INSERT … VALUES (…),(…)} of N rows. */
    public static final class Insert implements StepRunner {
        private final InsertBatch step;
        private final OperationMeter meter;
        private final String sql;

        public Insert(InsertBatch step, OperationMeter meter) {
            this.step = step;
            this.meter = meter;
            List<String> cols = step.row().columns();
            String one = "(" + String.join(", ", java.util.Collections.nCopies(cols.size(), "?")) + ")";
            this.sql = "INSERT INTO " + step.table() + " (" + String.join(", ", cols) + ") VALUES "
                    + String.join(", ", java.util.Collections.nCopies(step.rows(), one))
                    + (step.verify() ? " RETURNING id" : "");
        }

        @Override
        public boolean run(WorkerContext ctx) throws InterruptedException {
            // rows are generated before the clock starts: fake data costs the client, not the server
            Object[][] rows = new Object[step.rows()][];
            long sent = 0;
            for (int r = 0; r < rows.length; r++) {
                rows[r] = (Object[]) step.row().values().next(ctx.random());
                for (Object v : rows[r]) sent += payload(v);
            }
            long start = System.nanoTime();
            try {
                PreparedStatement ps = PgSession.of(ctx).prepare(sql);
                int i = 1;
                for (Object[] row : rows) {
                    for (Object v : row) ps.setObject(i++, v);
                }
                if (step.verify()) {
                    long[] ids = new long[step.rows()];
                    int n = 0;
                    try (var rs = ps.executeQuery()) {
                        while (rs.next()) ids[n++] = rs.getLong(1);
                    }
                    PgSession.of(ctx).inserted(step.table(), n == ids.length ? ids : java.util.Arrays.copyOf(ids, n));
                } else {
                    ps.executeUpdate();
                }
            } catch (SQLException | RuntimeException e) {
                ctx.failed(meter, e);
                return false;
            }
            Timing.success(ctx, meter, start);
            meter.recordWritten(step.rows(), sent);
            return true;
        }
    }

    /** {@code updateRandom 'tbl', set: [...]}: UPDATE one row with an id drawn from the known range. */
    public static final class Update implements StepRunner {
        private static final int REFRESH_EVERY = 1000;
        private final UpdateRandom step;
        private final OperationMeter meter;
        private final String sql;
        private final List<Value> values;

        public Update(UpdateRandom step, OperationMeter meter) {
            this.step = step;
            this.meter = meter;
            this.values = List.copyOf(step.set().values());
            this.sql = "UPDATE " + step.table() + " SET "
                    + String.join(", ", step.set().keySet().stream().map(c -> c + " = ?").toList())
                    + " WHERE id = ?";
        }

        @Override
        public boolean run(WorkerContext ctx) throws InterruptedException {
            Object[] set = new Object[values.size()];
            for (int i = 0; i < set.length; i++) set[i] = values.get(i).next(ctx.random());
            long start = System.nanoTime();
            try {
                long[] range = PgSession.of(ctx).idRange(step.table(), ctx.random().nextInt(REFRESH_EVERY) == 0);
                if (range[1] < range[0] || range[1] == 0) range = PgSession.of(ctx).idRange(step.table(), true);
                PreparedStatement ps = PgSession.of(ctx).prepare(sql);
                int i = 1;
                for (Object v : set) ps.setObject(i++, v);
                ps.setLong(i, range[1] <= range[0] ? range[0] : ctx.random().nextLong(range[0], range[1] + 1));
                ps.executeUpdate();
            } catch (SQLException | RuntimeException e) {
                ctx.failed(meter, e);
                return false;
            }
            Timing.success(ctx, meter, start);
            return true;
        }
    }

    /** {@code copy 'tbl', rows: N, row: …}: {@code COPY tbl (cols) FROM STDIN} in CSV. */
    public static final class CopyIn implements StepRunner {
        /**
         * Bytes per CopyData message. The server reads a message whole into one buffer before parsing it:
         * with a 1,000-row batch (1.1 MB) as one message, it spent about 0.7 µs more CPU per 1 KB row than
         * on psql's rows (median of 5 paired rounds; a fresh megabyte buffer, grown by doubling, per COPY);
         * in 64 KB messages, its own COPY read-buffer size, about 0.2 µs (5 rounds).
         */
        static final int COPY_MESSAGE = 64 * 1024;
        private final Copy step;
        private final OperationMeter meter;
        private final String sql;

        public CopyIn(Copy step, OperationMeter meter) {
            this.step = step;
            this.meter = meter;
            this.sql = "COPY " + step.table() + " (" + String.join(", ", step.row().columns()) + ") FROM STDIN (FORMAT csv)";
        }

        /**
         * Rows are made and encoded while the COPY is open, one 64 KB message at a time, into a buffer of
         * about that size that stays in the CPU's cache (a whole 1 MB batch made first went through memory
         * twice: written, then read again by the socket); the time spent making them is left out of the
         * recorded latency, which stays the server's and the wire's.
         */
        @Override
        public boolean run(WorkerContext ctx) throws InterruptedException {
            CsvRows csv = PgSession.of(ctx).csvRows();
            long start = System.nanoTime(), making = 0, sent = 0;
            org.postgresql.copy.CopyIn copy = null;
            try {
                copy = ctx.connection().unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
                long t = System.nanoTime();
                for (int r = 0; r < step.rows(); r++) {
                    step.row().values().nextRow(ctx.random(), csv);
                    csv.endRow();
                    if (csv.size() >= COPY_MESSAGE) {
                        long now = System.nanoTime();
                        making += now - t;
                        copy.writeToCopy(csv.bytes(), 0, COPY_MESSAGE);
                        csv.consumed(COPY_MESSAGE);
                        sent += COPY_MESSAGE;
                        t = System.nanoTime();
                    }
                }
                making += System.nanoTime() - t;
                if (csv.size() > 0) copy.writeToCopy(csv.bytes(), 0, csv.size());
                sent += csv.size();
                copy.endCopy();
            } catch (SQLException | RuntimeException e) {
                if (copy != null && copy.isActive()) {
                    try {
                        copy.cancelCopy();
                    } catch (SQLException ignored) {
                        // the connection is broken; the failure below says why
                    }
                }
                ctx.failed(meter, e);
                return false;
            }
            Timing.success(ctx, meter, start + making);
            meter.recordWritten(step.rows(), sent);
            return true;
        }
    }

}

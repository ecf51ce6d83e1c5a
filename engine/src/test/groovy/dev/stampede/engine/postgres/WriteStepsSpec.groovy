package dev.stampede.engine.postgres

import dev.stampede.engine.result.StopReason
import dev.stampede.engine.run.EmbeddedSpec
import dev.stampede.engine.result.RunControl
import dev.stampede.engine.run.Runner
import dev.stampede.engine.run.RunnerSpec

import dev.stampede.engine.config.Settings
import dev.stampede.engine.plan.*
import spock.lang.Shared
import spock.lang.Specification

import java.time.Duration

class WriteStepsSpec extends EmbeddedSpec {

    static final Row ROW = new Row(['name', 'data'], { r -> ['n' + r.nextInt(1000), 'x' * 1000] as Object[] } as Value)

    def setup() {
        sql('DROP TABLE IF EXISTS w; CREATE TABLE w (id bigserial PRIMARY KEY, name text, data text)')
    }

    def sql(String text) {
        target.open().withCloseable { c ->
            def st = c.createStatement()
            st.execute(text)
            def rs = st.resultSet
            rs?.next() ? rs.getObject(1) : null
        }
    }

    Runner runner(List<Step> steps, Duration d, List<Step> setup = [], RunControl control = new RunControl()) {
        def plan = new Plan('w', '', SourceRef.file('w.groovy'), [:], TargetSpec.DEFAULT,
                [new Stage('w', d, [new Group('writers', new ClosedLoop(4), steps, SourceRef.file('w.groovy'))])],
                setup, [], Safety.NONE, [], [])
        new Runner(plan, target, 'embedded', settings, [], control, false)
    }

    def "batched inserts, random updates and COPY write what they report, and every acknowledged insert is verified"() {
        given:
        def steps = [new Mix([new Mix.Branch(70, [new InsertBatch('insert', 'w', 10, ROW, true)]),
                              new Mix.Branch(20, [new UpdateRandom('update', 'w', [data: Value.of('y' * 1000)])]),
                              new Mix.Branch(10, [new Copy('copy', 'w', 50, ROW)])])]

        when:
        def r = runner(steps, Duration.ofSeconds(2), [new InsertBatch('seed', 'w', 100, ROW)])
        def summary = r.run()
        def insert = summary.operations().find { it.name() == 'insert' }

        then:
        insert.count() > 10
        def copy = summary.operations().find { it.name() == 'copy' }
        insert.errors() == 0
        summary.operations().find { it.name() == 'update' }.count() > 0
        insert.rows() == insert.count() * 10
        insert.bytes() >= insert.rows() * 1000
        and: 'the table holds every reported row; writes cut off by the stop may have landed unacknowledged (4 workers, at most 50 rows each)'
        def written = 100 + insert.rows() + copy.rows()
        sql('SELECT count(*) FROM w') in (written..written + 200)
        summary.findings().ledger.w == [acknowledged: insert.rows(), present: insert.rows(), missing: 0L]
        summary.notes().any { it == "ledger: ${insert.rows()} acknowledged insert(s) into w, all present".toString() }
        r.ledgerIntact()
    }

    def "a COPY's rows arrive whole and in order: quotes, commas, newlines, NULLs and UTF-8 across several CopyData messages"() {
        given: '3,000 rows of about 1 KB: some 50 CopyData messages of 64 KB, with values cut at their edges'
        def n = new java.util.concurrent.atomic.AtomicInteger()
        def tricky = ['plain', 'a "quoted", comma', 'two\nlines', 'ü € 😀 中文', '', null, '""', 'back\\slash, \r\n']
        def row = new Row(['name', 'data'], { r ->
            int i = n.getAndIncrement()
            [tricky[i % tricky.size()], (i % 7 == 0) ? null : ('x' * (900 + i % 200)) + i + tricky[(i * 3) % tricky.size()]] as Object[]
        } as Value)
        def expected = (0..<3000).collect { i ->
            def name = tricky[i % tricky.size()]
            def data = (i % 7 == 0) ? null : ('x' * (900 + i % 200)) + i + tricky[(i * 3) % tricky.size()]
            (name == null ? '<null>' : name) + '|' + (data == null ? '<null>' : data)
        }.join('\n')

        when:
        def summary = runner([new Sql('select', 'SELECT 1', [])], Duration.ofMillis(300), [new Copy('copy', 'w', 3000, row)]).run()

        then: 'the count and a checksum over every value, in id order, match what was generated'
        summary.stop().reason() != StopReason.ABORTED
        sql('SELECT count(*) FROM w') == 3000
        sql("SELECT md5(string_agg(coalesce(name, '<null>') || '|' || coalesce(data, '<null>'), E'\\n' ORDER BY id)) FROM w") ==
                java.security.MessageDigest.getInstance('MD5').digest(expected.getBytes('UTF-8')).encodeHex().toString()
        and: 'an empty quoted value is the empty string, an unquoted empty field is NULL'
        sql("SELECT count(*) FROM w WHERE name = ''") == 3000 / tricky.size()
        sql('SELECT count(*) FROM w WHERE name IS NULL') == 3000 / tricky.size()
    }

    /** A row whose values hand their bytes to the sink (as random.text does), or go through sink.value. */
    static class SinkRow implements Value {
        static final byte[] POOL = ('abcdefghij-_ ./' * 200).getBytes('US-ASCII')
        final java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger()

        Object next(java.util.random.RandomGenerator r) { throw new AssertionError('COPY draws rows through nextRow') }

        void nextRow(java.util.random.RandomGenerator r, ValueSink sink) {
            int i = n.getAndIncrement()
            sink.plainAscii(POOL, i % 100, 1000 + i % 50)
            sink.value(i % 5 == 0 ? null : 'v"' + i)
        }

        static String expected(int i) {
            new String(POOL, i % 100, 1000 + i % 50, 'US-ASCII') + '|' + (i % 5 == 0 ? '<null>' : 'v"' + i)
        }
    }

    def "a COPY draws each row straight into its CSV: bytes a value hands over arrive as they were, across CopyData messages"() {
        given: '2,000 rows of about 1 KB, their first value given as bytes of a pool (plainAscii), the second as a value'
        def row = new Row(['data', 'name'], new SinkRow())
        def expected = (0..<2000).collect { SinkRow.expected(it) }.join('\n')

        when:
        def summary = runner([new Sql('select', 'SELECT 1', [])], Duration.ofMillis(300), [new Copy('copy', 'w', 2000, row)]).run()

        then:
        summary.stop().reason() != StopReason.ABORTED
        sql('SELECT count(*) FROM w') == 2000
        sql("SELECT md5(string_agg(coalesce(data, '<null>') || '|' || coalesce(name, '<null>'), E'\\n' ORDER BY id)) FROM w") ==
                java.security.MessageDigest.getInstance('MD5').digest(expected.getBytes('UTF-8')).encodeHex().toString()
    }

    def "the connections of a group that COPYs buffer a whole CopyData message with its header; others keep pgjdbc's 8 KB"() {
        given:
        def copy = new Copy('copy', 'w', 10, ROW)
        def url = { String q -> new PostgresTarget(ConnectionInfo.parse("postgresql://postgres@127.0.0.1:5432/postgres$q", 'postgres'), settings) }

        expect: 'a COPY anywhere in the steps: in a transaction, a mix branch, a read/write block'
        PgSessions.copies([copy])
        PgSessions.copies([new Transaction('t', [new Sql('s', 'SELECT 1', []), copy])])
        PgSessions.copies([new Mix([new Mix.Branch(50, [new Sql('s', 'SELECT 1', [])]), new Mix.Branch(50, [copy])])])
        PgSessions.copies([new Routed(Routed.Route.WRITE, [copy])])
        !PgSessions.copies([new Sql('s', 'SELECT 1', []), new InsertBatch('i', 'w', 10, ROW)])

        and: '64 KB and the 5-byte header: one write per message (pgjdbc sent the header alone before the 64 KB)'
        url('').properties(true).getProperty('maxSendBufferSize') == String.valueOf(WriteRunners.CopyIn.COPY_MESSAGE + 5)
        url('').properties(false).getProperty('maxSendBufferSize') == null
        url('').properties().getProperty('maxSendBufferSize') == null

        and: 'a URL that sets it keeps its own'
        url('?maxSendBufferSize=16384').properties(true).getProperty('maxSendBufferSize') == '16384'
    }

    def "the ledger catches acknowledged rows deleted behind its back"() {
        given: 'rows are deleted while the run goes on: once some were acknowledged, then the run is stopped'
        // (not after a fixed delay: on a busy machine that could come after the run had already verified its ledger)
        def control = new RunControl()
        long deleted = 0
        def deleter = Thread.startVirtualThread {
            long deadline = System.nanoTime() + 60_000_000_000L
            while (System.nanoTime() < deadline && control.state() != dev.stampede.engine.live.RunState.DONE && (sql('SELECT count(*) FROM w') as long) < 70) {
                Thread.sleep(20)
            }
            deleted = target.open().withCloseable { it.createStatement().executeUpdate('DELETE FROM w WHERE id % 7 = 0') }
            control.requestStop(StopReason.INTERRUPTED, 'rows deleted')
        }

        when:
        def r = runner([new InsertBatch('insert', 'w', 10, ROW, true)], Duration.ofSeconds(60), [], control)
        def summary = r.run()
        deleter.join()

        then:
        summary.stop().message() == 'rows deleted'
        deleted > 0
        !r.ledgerIntact()
        summary.findings().ledger.w.missing > 0
        summary.findings().ledger.w.missing <= deleted // a batch committed but not yet acknowledged when the rows went is not in the ledger
        summary.notes().any { it.contains('MISSING') }
    }

    def "a failing set-up step aborts the run before any load, naming the step"() {
        when:
        def summary = runner([new Sql('select', 'SELECT 1', [])], Duration.ofSeconds(5), [new Sql('create', 'CREATE TABL oops', [])]).run()

        then:
        summary.stop().reason() == StopReason.ABORTED
        summary.stop().message().startsWith('setup step 1 failed: ERROR: syntax error')
        summary.operations().find { it.name() == 'select' }.count() == 0
    }

    def "a Hikari pool is pre-filled and its in-use, idle and waiting counts are in every snapshot"() {
        given:
        def snaps = [].asSynchronized()
        def out = { s -> snaps << s } as dev.stampede.engine.output.Output
        def plan = new Plan('w', '', SourceRef.file('w.groovy'), [:], TargetSpec.DEFAULT,
                [new Stage('w', Duration.ofSeconds(2), [new Group('writers', new ClosedLoop(8),
                        [new Sql('select', 'SELECT pg_sleep(0.01)', [])], SourceRef.file('w.groovy'), new Pool.Hikari(4, 4))])])

        when:
        def summary = new Runner(plan, target, 'embedded', settings, [out], new RunControl(), false).run()

        then:
        summary.operations().find { it.name() == 'select' }.count() > 50
        snaps.first().pools()*.name() == ['writers']
        snaps.first().pools()[0].total() == 4
        snaps.first().pools()[0].active() + snaps.first().pools()[0].idle() == 4
        dev.stampede.engine.output.LinePrinter.line(snaps.first()).contains('| pool writers ')
        RunnerSpec.noClientBackendsLeft(target)
    }
}

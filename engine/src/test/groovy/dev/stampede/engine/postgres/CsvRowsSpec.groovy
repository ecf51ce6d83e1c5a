package dev.stampede.engine.postgres

import spock.lang.Specification
import dev.stampede.engine.plan.ValueSink

import java.nio.charset.StandardCharsets

class CsvRowsSpec extends Specification {

    /** The reference encoding: every value quoted with its quotes doubled, null empty, UTF-8 of toString(). */
    static byte[] reference(List<Object[]> rows) {
        def sb = new StringBuilder()
        rows.each { Object[] r ->
            sb.append(r.collect { it == null ? '' : '"' + it.toString().replace('"', '""') + '"' }.join(',')).append('\n')
        }
        sb.toString().getBytes(StandardCharsets.UTF_8)
    }

    static byte[] encoded(CsvRows csv) {
        Arrays.copyOf(csv.bytes(), csv.size())
    }

    def "exact bytes: quotes doubled, commas and newlines kept, null empty, integers as digits, UTF-8 short and long"() {
        given:
        def longAscii = 'x' * 1000 + '"q"' + 'y' * 100
        def longUtf8 = 'ü€😀中' * 300
        List<Object[]> rows = [
                ['plain', 'a "quoted", comma', 'two\nlines', null, ''] as Object[],
                [0, 7, 1234567890, Integer.MAX_VALUE, -42, Long.MAX_VALUE, Long.MIN_VALUE, 0L] as Object[],
                ['ü € 😀 中文', 'ascii then é at 47 ' + 'a' * 27 + 'é', longAscii, longUtf8, 3.5d] as Object[],
                ['x' * 48, 'y' * 49, 'z' * 47 + 'ß', '"' * 60] as Object[],
        ]
        def csv = new CsvRows(64)

        when:
        rows.each { csv.row(it) }

        then:
        new String(encoded(csv), StandardCharsets.UTF_8).startsWith('"plain","a ""quoted"", comma","two\nlines",,""\n"0","7","1234567890","2147483647","-42","9223372036854775807","-9223372036854775808","0"\n')
        encoded(csv) == reference(rows)
    }

    def "an unpaired surrogate becomes ? as String.getBytes makes it, short or long"() {
        given:
        List<Object[]> rows = [['a\uD800b', 'c\uDC00', 'x' * 100 + '\uD83D', 'y' * 100 + '\uDE00z' + '😀'] as Object[]]
        def csv = new CsvRows(16)

        when:
        csv.row(rows[0])

        then:
        encoded(csv) == reference(rows)
        new String(encoded(csv), StandardCharsets.UTF_8).startsWith('"a?b","c?",')
    }

    def "rows sent in pieces: consumed() keeps the unsent tail, and the buffer is reused after clear()"() {
        given:
        def csv = new CsvRows(64)
        def random = new Random(7)
        List<Object[]> rows = (0..<500).collect { i -> ["name $i".toString(), 'ü' * random.nextInt(80) + 'x' * random.nextInt(900), i] as Object[] }
        def out = new ByteArrayOutputStream()

        when: 'every 4 KB is taken off the front, as CopyIn sends its messages'
        rows.each {
            csv.row(it)
            if (csv.size() >= 4096) {
                out.write(csv.bytes(), 0, 4096)
                csv.consumed(4096)
            }
        }
        out.write(csv.bytes(), 0, csv.size())

        then:
        out.toByteArray() == reference(rows)

        when:
        csv.clear().row(['again'] as Object[])

        then:
        encoded(csv) == '"again"\n'.getBytes(StandardCharsets.UTF_8)
    }

    def "values handed over one by one (value, plainAscii, endRow) encode as the same rows would, and plainAscii copies"() {
        given:
        byte[] pool = 'abc-_XYZ 0123./'.getBytes(StandardCharsets.US_ASCII)
        def csv = new CsvRows(16)

        when:
        csv.plainAscii(pool, 3, 5)
        csv.value(null)
        csv.value('a "q"')
        csv.value(42)
        csv.endRow()
        csv.value('only')
        csv.endRow()
        pool[3] = (byte) 'Q'

        then:
        encoded(csv) == reference([['-_XYZ', null, 'a "q"', 42] as Object[], ['only'] as Object[]])

        and: 'the plain characters: printable ASCII but the quote and the backslash'
        (' '..'~').every { ValueSink.plain(it as char) == !(it in ['"', '\\']) }
        !ValueSink.plain('\t' as char) && !ValueSink.plain('é' as char) && !ValueSink.plain('\n' as char)
    }
}

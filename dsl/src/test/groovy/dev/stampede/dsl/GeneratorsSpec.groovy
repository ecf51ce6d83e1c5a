package dev.stampede.dsl

import dev.stampede.engine.plan.Row
import dev.stampede.engine.plan.Value

import java.time.Duration
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.Executors

class GeneratorsSpec extends CompilingSpec {

    def random = new SplittableRandom(7)

    def "random.between draws whole numbers in min..max, both included, as Integer when they fit"() {
        when:
        def small = (1..2000).collect { new RandomWords.Between(1, 3).next(random) }
        def large = new RandomWords.Between(5_000_000_000L, 5_000_000_001L).next(random)

        then:
        small.toSet() == [1, 2, 3] as Set
        small.every { it instanceof Integer }
        large instanceof Long
        new RandomWords.Between(Long.MAX_VALUE - 1, Long.MAX_VALUE).next(random) >= Long.MAX_VALUE - 1
    }

    def "random.between draws numbers and durations in range"() {
        expect:
        (1..500).collect { new RandomWords.Decimal(0.5, 1.5).next(random) as double }.every { it >= 0.5d && it <= 1.5d }
        (1..500).collect { new RandomWords.Span(Duration.ofMillis(50), Duration.ofMillis(150)).next(random) }
                .every { it >= Duration.ofMillis(50) && it <= Duration.ofMillis(150) }
    }

    def "random.text is exactly as long as asked; random.uuid is a version 4 UUID; random.pick picks each choice"() {
        expect:
        new RandomWords.Text(1024).next(random).length() == 1024
        with(new RandomWords.Uuid().next(random) as UUID) { version() == 4 && variant() == 2 }
        (1..200).collect { new RandomWords.Pick(['a', 'b', null]).next(random) }.toSet() == ['a', 'b', null] as Set
    }

    def "fake.person() is a row of name, email, age, address and phone_number"() {
        when:
        Row row = new Row(FakeWords.PERSON_COLUMNS, new FakeWords.Person())
        def values = row.next(random)

        then:
        row.columns() == ['name', 'email', 'age', 'address', 'phone_number']
        values.name instanceof String && values.name.contains(' ')
        values.email ==~ /[^@\s]+@[^@\s]+/
        values.age instanceof Integer && values.age in 18..90
        values.address instanceof String && values.phone_number instanceof String
    }

    def "fake.person() keeps drawing new Datafaker persons into its pool, and emails stay varied"() {
        given:
        def person = new FakeWords.Person()

        when:
        def rows = (1..20_000).collect { person.next(random) as Object[] }

        then: 'every first draw of a slot and one in sixteen of the others are new persons'
        rows.collect { it[0] }.toSet().size() > 3_000
        rows.collect { it[1] }.toSet().size() > 19_000
        rows.every { it[1] ==~ /[a-z.]+\d+@[^@\s]+/ }
    }

    def "fake.person() combines its name, address and phone from separate pools: the persons hardly repeat"() {
        given:
        def person = new FakeWords.Person()

        when:
        def rows = (1..20_000).collect { person.next(random) as Object[] }

        then:
        rows.collect { [it[0], it[3], it[4]] }.toSet().size() > 19_500
        rows.collect { it[3] }.toSet().size() > 1_500
        rows.collect { it[4] }.toSet().size() > 1_500
        rows.every { it[3] instanceof String && !it[3].isEmpty() && it[4] instanceof String && !it[4].isEmpty() }
    }

    /** Records what a row hands to COPY's encoder: plainAscii bytes as their text, marked. */
    static class Recorder implements dev.stampede.engine.plan.ValueSink {
        List<Object> values = []
        List<Boolean> plain = []

        void value(Object v) { values << v; plain << false }

        void plainAscii(byte[] bytes, int from, int length) { values << new String(bytes, from, length, 'US-ASCII'); plain << true }
    }

    def "rows drawn straight into COPY's encoder (nextRow) are the rows next() draws, random text given as its bytes"() {
        given:
        def text = new RandomWords.Text(1000)
        def mapRow = new RowValues([new RandomWords.Between(1, 1000), text, Value.of(null), Value.of('k')])
        def seed = 42L

        when: 'the same seed through next() and through nextRow()'
        def r1 = new SplittableRandom(seed), r2 = new SplittableRandom(seed)
        def drawn = (1..200).collect { mapRow.next(r1) as List }
        def recorded = (1..200).collect { def rec = new Recorder(); mapRow.nextRow(r2, rec); rec }

        then:
        recorded*.values == drawn
        recorded.every { it.plain == [false, true, false, false] }

        when: 'a person with an extra text column'
        def person = new FakeWords.PersonWith([text])
        def rec = (1..2_000).collect { def x = new Recorder(); person.nextRow(new SplittableRandom(it), x); x }

        then: 'six values in column order; the age as a value, the email put together from the bytes of its parts, the text as its bytes'
        rec.every { it.values.size() == 6 && it.values[1] ==~ /[a-z.]+\d+@[^@\s]+/ && it.values[2] in (18..90) && it.values[5].length() == 1000 }
        rec.every { it.plain[2] == false && it.plain[5] == true }
        rec.count { it.plain[1] } > 1_900

        and: "a pooled part of only plain characters is handed over as bytes (Datafaker's are, nearly all)"
        rec.count { it.plain[0] && it.plain[3] && it.plain[4] } > 1_900
        rec.every { r -> (0..<6).every { !r.plain[it] || (r.values[it] as String).every { c -> dev.stampede.engine.plan.ValueSink.plain(c as char) } } }
    }

    def "fake.text is lorem ipsum exactly as long as asked; fake.expression takes any Datafaker expression"() {
        expect:
        new FakeWords.Text(5000).next(random).length() == 5000
        new FakeWords.Text(3).next(random).length() == 3
        compile('''
            scenario('s') {
                group('g') { sql 'SELECT ?', fake.expression('#{Name.firstName}') }
            }''').stages()[0].groups()[0].steps()[0].params()[0].next(random) instanceof String
    }

    def "an unknown fake.expression is reported with its line"() {
        expect:
        problems('''
            scenario('s') {
                group('g') { sql 'SELECT ?', fake.expression('#{Nope.nothing}') }
            }''') == ["x.groovy:3:39: fake.expression does not know '#{Nope.nothing}' (expected a Datafaker expression like '#{Name.firstName}')"]
    }

    def "fake values are safe to draw from many threads at once"() {
        given:
        def errors = new ConcurrentLinkedQueue<Throwable>()
        def people = new ConcurrentLinkedQueue<Object>()
        def person = new FakeWords.Person()
        def text = new FakeWords.Text(300)

        when:
        Executors.newVirtualThreadPerTaskExecutor().withCloseable { ex ->
            (1..64).each { seed ->
                ex.submit {
                    def r = new SplittableRandom(seed)
                    try {
                        200.times {
                            people << person.next(r)
                            assert text.next(r).length() == 300
                        }
                    } catch (Throwable t) {
                        errors << t
                    }
                }
            }
        }

        then:
        errors.isEmpty()
        people.size() == 64 * 200
        people.every { (it as Object[]).length == 5 }
    }

    def "generators written alike compare equal, so plans do"() {
        expect:
        new RandomWords.Between(1, 10) == new RandomWords.Between(1, 10)
        group('insertBatch \'t\', row: fake.person()').steps() == group('insertBatch \'t\', row: fake.person()').steps()
        Value.of(5) == Value.of(5)
        new RandomWords.Between(1, 10).toString() == 'random.between(1, 10)'
        new RandomWords.Span(Duration.ofMillis(50), Duration.ofSeconds(1)).toString() == 'random.between(50ms, 1s)'
    }
}

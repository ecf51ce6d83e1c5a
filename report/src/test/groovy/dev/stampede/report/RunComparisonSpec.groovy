package dev.stampede.report

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** Comparison of two result folders from their summary.json: changes, rules, bad input. */
class RunComparisonSpec extends Specification {

    @TempDir
    Path tmp

    Path folder(String name, double rate, double p99, long errors = 0) {
        def dir = Files.createDirectories(tmp.resolve(name))
        Files.writeString(dir.resolve('summary.json'), """{"scenario": "s", "startedAt": "2026-11-23T00:00:00Z",
            "operations": {"q": {"count": 100, "errors": $errors, "ratePerSecond": $rate,
              "latencyMs": {"mean": 1, "p50": 1, "p90": 2, "p95": 2, "p99": $p99, "p999": 4, "max": 5}}}}""")
        dir
    }

    def "B's change against A is given per operation and metric in percent"() {
        when:
        def c = RunComparison.of(ResultFolder.read(folder('a', 100, 2)), ResultFolder.read(folder('b', 80, 3)), [])

        then:
        c.cells().find { it.metric() == 'rate' }.changePercent() == -20d
        c.cells().find { it.metric() == 'p99' }.changePercent() == 50d
        c.cells().find { it.metric() == 'errors' }.changePercent().isNaN()
        c.failures().isEmpty()
        c.text().contains('+50.0%')
    }

    def "a rule is broken when the change goes beyond it: #rule"() {
        when:
        def c = RunComparison.of(ResultFolder.read(folder('a', 100, 2)), ResultFolder.read(folder('b', 80, 3)),
                [RunComparison.Rule.parse(rule)])

        then:
        c.failures().size() == (broken ? 1 : 0)

        where:
        rule              || broken
        'p99 > +10%'      || true
        'p99 > +60%'      || false
        'rate < -10%'     || true
        'rate < -25%'     || false
        'q:p99 > 10%'     || true
        'errors > +0%'    || false
    }

    def "errors appearing where there were none break an errors rule (+∞)"() {
        when:
        def c = RunComparison.of(ResultFolder.read(folder('a', 100, 2)), ResultFolder.read(folder('b', 100, 2, 3)),
                [RunComparison.Rule.parse('errors > +0%')])

        then:
        c.failures()*.describe() == ["q errors 0 → 3 (+∞) breaks 'errors > +0%'"]
    }

    def "a bad rule is one line naming it: #rule"() {
        when:
        RunComparison.Rule.parse(rule)

        then:
        def e = thrown(RunComparison.BadRuleException)
        e.message == message

        where:
        rule           || message
        'p98 > +10%'   || "--fail-if: unknown metric 'p98' in 'p98 > +10%' (metrics: rate, errors, p50, p90, p95, p99, p999, max)"
        'p99 bigger'   || "--fail-if: cannot read 'p99 bigger' (expected METRIC > +N% or METRIC < -N%, e.g. 'p99 > +10%' or 'connect:rate < -5%'; metrics: rate, errors, p50, p90, p95, p99, p999, max)"
    }

    def "a rule naming an operation the runs do not share is a bad rule"() {
        when:
        RunComparison.of(ResultFolder.read(folder('a', 1, 1)), ResultFolder.read(folder('b', 1, 1)),
                [RunComparison.Rule.parse('insert:p99 > +10%')])

        then:
        def e = thrown(RunComparison.BadRuleException)
        e.message == "--fail-if: 'insert:p99 > +10%' names operation 'insert', which the two runs do not share (they share: q)"
    }

    def "a folder without summary.json is one line"() {
        when:
        ResultFolder.read(Files.createDirectories(tmp.resolve('empty')))

        then:
        def e = thrown(ResultFolder.BadFolderException)
        e.message == tmp.resolve('empty').toString() + ': no summary.json (not a stampede result folder?)'
    }

    def "percentile ticks are labelled at whole decades of 1/(1-p) only"() {
        expect:
        Charts.percentileLabel(x) == label

        where:
        x    || label
        0    || '0%'
        1    || '90%'
        2    || '99%'
        3    || '99.9%'
        5    || '99.999%'
        1.5  || ''
    }
}

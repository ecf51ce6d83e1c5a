package dev.stampede.cli

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

class CliSpec extends Specification {

    @TempDir
    Path tmp

    def "--version and --help exit 0"() {
        expect:
        Cli.run('--version').with { exit == 0 && out.startsWith('stampede ') }
        Cli.run('--help').with { exit == 0 && out.contains('run') && out.contains('check') }
    }

    def "a missing scenario file exits 2 with one line naming the file, and creates no results folder"() {
        when:
        def r = Cli.run('run', tmp.resolve('nope.groovy').toString(), '--out', tmp.resolve('out').toString())

        then:
        r.exit == 2
        r.err == tmp.resolve('nope.groovy').toString() + ': no such file\n'
        !Files.exists(tmp.resolve('out'))
    }

    def "a broken scenario exits 2 with one line per problem, file:line:col first, and no stack trace"() {
        given:
        def f = tmp.resolve('broken.groovy')
        Files.writeString(f, content)

        when:
        def r = Cli.run('run', f.toString())

        then:
        r.exit == 2
        r.err.readLines().size() == 1
        r.err.startsWith(f.toString() + ':' + line + ':')
        r.err.contains(message)
        !r.err.contains('Exception')
        !r.err.contains('\tat ')

        where:
        content                                                                         || line | message
        "scenario('s') {\n  group {\n    loop { connect() }\n"                          || 4    | "a '{' is missing its '}'"
        "scenario('s') {\n  group {\n    wrkers 3\n    loop { connect() }\n  }\n}\n"    || 3    | 'did you mean `workers`?'
        ''                                                                              || 1    | 'the file is empty'
        "scenario('s') {\n  duration 0.seconds\n  group { loop { connect() } }\n}\n"    || 2    | 'duration needs a duration > 0 (got 0s)'
    }

    def "bad flags exit 2 with a one-line message naming the flag"() {
        expect:
        with(Cli.run(args as String[])) {
            exit == 2
            err.readLines().size() == 1
            err.contains(flag)
        }

        where:
        args                                                                       || flag
        ['run', Cli.scenario('churn.groovy'), '--duration', 'soon']                || '--duration'
        ['run', Cli.scenario('churn.groovy'), '--set', 'workers']                  || '--set'
        ['run', Cli.scenario('churn.groovy'), '--set', 'wrkers=3']                 || '--set wrkers'
        ['run', Cli.scenario('churn.groovy'), '--url', 'mysql://u:pw@h/db']        || '--url'
        ['run', Cli.scenario('churn.groovy'), '--bogus']                           || '--bogus'
        ['run']                                                                    || 'SCENARIO'
        ['frobnicate']                                                             || 'frobnicate'
    }

    def "a bad --url never echoes its password"() {
        expect:
        !Cli.run('run', Cli.scenario('churn.groovy'), '--url', 'mysql://u:s3cret@h/db').err.contains('s3cret')
    }

    def "check prints the plan and runs nothing"() {
        when:
        def r = Cli.run('check', Cli.scenario('churn.groovy'), '--set', 'workers=7')

        then:
        r.exit == 0
        r.out.contains("scenario 'churn'")
        r.out.contains('workers = 7')
        r.out.contains("group 'churn': 7 worker(s), closed loop")
        r.out.contains('connect()')
    }

    def "bundled scenarios run by name"() {
        expect:
        Cli.run('check', 'churn').exit == 0
    }

    def "an unreachable target exits 3 with one line, before any load"() {
        when:
        def r = Cli.run('run', Cli.scenario('churn.groovy'), '--url', 'postgresql://u:s3cret@127.0.0.1:1/db', '--out', tmp.toString())

        then:
        r.exit == 3
        r.err.readLines().size() == 1
        r.err.contains('cannot reach the target postgresql://u:***@127.0.0.1:1/db: refused')
        !r.err.contains('s3cret')
        !r.out.contains('s3cret')
    }

    def "a bad setting is one line naming it, exit 2, before anything starts (#args)"() {
        given:
        System.setProperty('stampede.connect.client', 'odbc')
        com.typesafe.config.ConfigFactory.invalidateCaches()

        when:
        def r = Cli.run(args as String[])

        then:
        r.exit == 2
        r.err.readLines().size() == 1
        r.err.startsWith('stampede: configuration: ')
        r.err.contains("stampede.connect.client': must be lean or jdbc (got odbc)")
        !r.out.contains('starting embedded PostgreSQL')

        cleanup:
        System.clearProperty('stampede.connect.client')
        com.typesafe.config.ConfigFactory.invalidateCaches()

        where:
        args << [['run', 'churn', '--duration', '1s', '--no-tui'], ['bench', 'hold', '--connections', '5']]
    }

    def "bare stampede is a usage error: the usage on stderr, exit 2"() {
        when:
        def r = Cli.run()

        then:
        r.exit == 2
        r.out == ''
        r.err.startsWith('stampede: which command? (run, check, list, bench)\n')
        r.err.contains('Usage: stampede')
    }

    def "a misspelled scenario name suggests the nearest one: #arg"() {
        when:
        def r = Cli.run('run', arg, '--no-tui', '--out', tmp.resolve('out').toString())

        then:
        r.exit == 2
        r.err == message + '\n'
        !Files.exists(tmp.resolve('out'))

        where:
        arg                              || message
        'chrun'                          || 'chrun: no such file or bundled scenario (did you mean `churn`?)'
        'write_mix'                      || 'write_mix: no such file or bundled scenario (did you mean `write-mix`?)'
        'zzzzzzzz'                       || 'zzzzzzzz: no such file or bundled scenario'
        '../scenarios/chrn.groovy'       || '../scenarios/chrn.groovy: no such file (did you mean `../scenarios/churn.groovy`?)'
    }

    def "list prints durations as people write them"() {
        when:
        def r = Cli.run('list')

        then:
        r.exit == 0
        r.out.contains('stageDuration=10s')
        !r.out.contains('PT')
    }

    def "the header says when --duration scales the stages of a scenario"() {
        when:
        def r = Cli.run('run', 'churn', '--set', 'sweep=1..4', '--set', 'stageDuration=2s', '--duration', '3s',
                '--url', 'postgresql://u@127.0.0.1:1/db', '--no-tui', '--out', tmp.toString())

        then:
        r.exit == 3
        r.out.contains('--duration 3s: the 3 stages (6s as written) are scaled to fit: 1 workers 2s → 1.00s, 2 workers 2s → 1.00s, 4 workers 2s → 1.00s\n')
    }
}

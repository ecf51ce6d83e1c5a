package dev.stampede.cli

import picocli.CommandLine
import spock.lang.Specification

/**
 * The commands are added to the command line only when it may reach them (start-up): each name is
 * the command's own, a named command gets its parent, and help, errors and suggestions still see all.
 */
class CommandsSpec extends Specification {

    def "every command is registered under its own @Command name"() {
        expect:
        Commands.ALL.each { name, make ->
            assert make.get().class.getAnnotation(CommandLine.Command).name() == name
        }
        Commands.ALL.keySet() as List == ['run', 'check', 'list', 'bench', 'serve', 'report', 'compare', 'convert', 'merge', 'aot-training']
    }

    def "a command line adds the command it names, none for --version, all otherwise (#args)"() {
        given:
        def cmd = new CommandLine(new Main(System.out, System.err, [:], false))

        when:
        Commands.add(cmd, args as String[])

        then:
        cmd.subcommands.keySet() as List == expected

        where:
        args                   || expected
        ['check', 'churn']     || ['check']
        ['bench', 'startup']   || ['bench']
        ['--version']          || []
        ['--help']             || Commands.ALL.keySet() as List
        []                     || Commands.ALL.keySet() as List
        ['chekc', 'churn']     || Commands.ALL.keySet() as List
        ['--version', 'check'] || Commands.ALL.keySet() as List
    }

    def "help lists every command but the hidden one, and a misspelt command is refused as before"() {
        when:
        def help = Cli.run('--help')
        def typo = Cli.run('chekc', 'churn')

        then:
        help.exit == 0
        ['run', 'check', 'list', 'bench', 'serve', 'report', 'compare', 'convert', 'merge'].every { help.out.contains("  $it ") || help.out.contains("  $it\n") }
        !help.out.contains('aot-training')
        typo.exit == 2
        typo.err == "stampede: Unmatched arguments from index 0: 'chekc', 'churn' (see stampede --help)\n"
    }

    def "a command added on its own still knows its parent (the streams it prints to)"() {
        when:
        def r = Cli.run('check', 'churn')

        then:
        r.exit == 0
        r.out.startsWith("scenario 'churn'")
    }
}

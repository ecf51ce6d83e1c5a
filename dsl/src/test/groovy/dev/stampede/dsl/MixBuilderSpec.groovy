package dev.stampede.dsl

import dev.stampede.engine.plan.Connect
import dev.stampede.engine.plan.Mix
import dev.stampede.engine.plan.Sql
import dev.stampede.engine.plan.Transaction

class MixBuilderSpec extends CompilingSpec {

    def "a mix holds one branch per N.percent, in order, with its steps"() {
        expect:
        group('''
            mix {
                70.percent { connect('a') }
                20.percent { connect('b'); connect('c') }
                10.percent { }
            }''').steps() == [new Mix([new Mix.Branch(70, [new Connect('a')]),
                                       new Mix.Branch(20, [new Connect('b'), new Connect('c')]),
                                       new Mix.Branch(10, [])])]
    }

    def "weights may be fractions and params; a 0% branch is never taken and left out"() {
        expect:
        compile('''
            scenario('s') {
                param 'insertPercent', 100
                group('g') {
                    mix {
                        param('insertPercent').percent { connect('insert') }
                        (100 - param('insertPercent')).percent { connect('update') }
                    }
                    mix {
                        33.3.percent { connect('x') }
                        66.7.percent { connect('y') }
                    }
                }
            }''').stages()[0].groups()[0].steps() == [
                new Mix([new Mix.Branch(100, [new Connect('insert')])]),
                new Mix([new Mix.Branch(33.3, [new Connect('x')]), new Mix.Branch(66.7, [new Connect('y')])])]
    }

    def "mixes nest inside branches and transactions"() {
        expect:
        group('''
            mix {
                50.percent {
                    transaction {
                        mix {
                            50.percent { sql 'SELECT 1' }
                            50.percent { connect() }
                        }
                    }
                }
                50.percent { connect() }
            }''').steps() == [new Mix([
                new Mix.Branch(50, [new Transaction('transaction', [new Mix([
                        new Mix.Branch(50, [new Sql('select', 'SELECT 1', [])]),
                        new Mix.Branch(50, [new Connect()])])])]),
                new Mix.Branch(50, [new Connect()])])]
    }

    def "a branch directly inside a branch is not taken for the outer mix"() {
        expect:
        problems('''
            scenario('s') {
                group('g') {
                    mix {
                        100.percent {
                            50.percent { connect() }
                        }
                    }
                }
            }''') == ["x.groovy:6:20: 50.percent { … } belongs inside mix { … }"]
    }

    def "the 70 + 20 mix of the issue is one line naming the file and the mix"() {
        expect:
        problems('''
            scenario('s') {
                group('g') {
                    mix {
                        70.percent { connect() }
                        20.percent { connect() }
                    }
                }
            }''') == ["x.groovy:4:9: mix must add up to 100% (got 90%)"]
    }
}

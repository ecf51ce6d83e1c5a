package dev.stampede.engine.plan

import spock.lang.Specification

class RandomTextSpec extends Specification {

    def "texts are exactly as long as asked, over the 64-character alphabet, at every size (#n)"() {
        given:
        def r = new SplittableRandom(1)

        when:
        def texts = (1..20).collect { RandomText.of(r, n) }

        then:
        texts.every { it.length() == n && it ==~ /[A-Za-z0-9_-]+/ }
        texts.toSet().size() == 20

        where:
        n << [8, 1024, RandomText.POOL_SIZE, RandomText.POOL_SIZE + 1, 3 * RandomText.POOL_SIZE]
    }

    def "a seeded generator gives the same texts again; each text spreads over the whole alphabet"() {
        expect:
        RandomText.of(new SplittableRandom(7), 1024) == RandomText.of(new SplittableRandom(7), 1024)
        RandomText.of(new SplittableRandom(7), 1024) != RandomText.of(new SplittableRandom(8), 1024)
        RandomText.of(new SplittableRandom(3), 64 * 1024).toSet().size() == 64
    }
}

package dev.stampede.engine.ha

import spock.lang.Specification

/** How each balancer spreads sessions over hosts (pure policy: the hosts here are descriptions). */
class BalancerSpec extends Specification {

    static class Host implements Balancer.Candidate {
        String name
        int free
        long latencyNanos

        int free() { free }

        long latencyNanos() { latencyNanos }
    }

    static Map<String, Integer> picks(Balancer b, List<Host> hosts, int n) {
        Map<String, Integer> count = hosts.collectEntries { [(it.name): 0] }
        n.times { count[b.pick(hosts).name]++ }
        count
    }

    def "round robin gives every host an even share within a few percent"() {
        given:
        def hosts = (1..3).collect { new Host(name: "h$it", free: it, latencyNanos: it * 1_000_000L) }

        when:
        def count = picks(Balancer.named('roundRobin'), hosts, 30_000)

        then:
        count.values().every { Math.abs(it - 10_000) <= 300 }
    }

    def "round robin stays even when many workers pick at once"() {
        given:
        def hosts = (1..2).collect { new Host(name: "h$it", free: 1) }
        def b = Balancer.named('roundRobin')
        def count = [h1: new java.util.concurrent.atomic.AtomicInteger(), h2: new java.util.concurrent.atomic.AtomicInteger()]

        when:
        def threads = (1..8).collect { Thread.start { 5_000.times { count[b.pick(hosts).name].incrementAndGet() } } }
        threads*.join()

        then:
        count.h1.get() == 20_000
        count.h2.get() == 20_000
    }

    def "greedy picks the host with the most free connections"() {
        given:
        def busy = new Host(name: 'busy', free: 1)
        def idle = new Host(name: 'idle', free: 7)
        def some = new Host(name: 'some', free: 4)

        expect:
        picks(Balancer.named('greedy'), [busy, idle, some], 1000) == [busy: 0, idle: 1000, some: 0]
    }

    def "greedy takes tied hosts in turn"() {
        given:
        def hosts = [new Host(name: 'a', free: 3), new Host(name: 'b', free: 3), new Host(name: 'c', free: 1)]

        expect:
        picks(Balancer.named('greedy'), hosts, 1000) == [a: 500, b: 500, c: 0]
    }

    def "random weighted favours the fast host in proportion to its speed"() {
        given:
        def fast = new Host(name: 'fast', latencyNanos: 1_000_000)
        def slow = new Host(name: 'slow', latencyNanos: 4_000_000)

        when:
        def count = picks(Balancer.named('randomWeighted'), [fast, slow], 100_000)

        then: 'shares 0.05/2 + 0.95 × 0.8 = 0.785 and 0.215'
        Math.abs(count.fast / 100_000d - 0.785) < 0.01
        Math.abs(count.slow / 100_000d - 0.215) < 0.01
    }

    def "random weighted never starves a host, however slow"() {
        given:
        def hosts = [new Host(name: 'fast', latencyNanos: 100_000), new Host(name: 'fast2', latencyNanos: 100_000),
                     new Host(name: 'crawling', latencyNanos: 60_000_000_000L)]

        when:
        def count = picks(Balancer.named('randomWeighted'), hosts, 100_000)

        then: 'at least 5 % of an even share'
        count.crawling >= 100_000 * Balancer.RandomWeighted.FLOOR / 3 * 0.8
        count.fast > 40_000
        count.fast2 > 40_000
    }

    def "random weighted treats a host of unknown latency as an average one"() {
        expect:
        Balancer.RandomWeighted.weights([1_000_000L, 0L] as long[]) == [0.5d, 0.5d] as double[]
        Balancer.RandomWeighted.weights([0L, 0L, 0L] as long[]).every { Math.abs(it - 1 / 3d) < 1e-9 }
        Balancer.RandomWeighted.weights([5L, 10L] as long[]) == [0.5d, 0.5d] as double[]
    }

    def "names the balancers it knows when given another"() {
        when:
        Balancer.named('leastConn')

        then:
        def e = thrown(IllegalArgumentException)
        e.message == "unknown balancer 'leastConn' (expected roundRobin, greedy or randomWeighted)"
    }

    def "a routed target's options come from stampede.ha.*"() {
        when:
        def o = RoutedTarget.Options.defaults(dev.stampede.engine.config.Settings.load()
                .with('ha.balancer', 'greedy').with('ha.pool-size', '3').with('ha.fallback-to-primary', 'false'))

        then:
        o.balancer() instanceof Balancer.Greedy
        o.poolSize() == 3
        !o.fallbackToPrimary()
        o.acquireTimeout() == java.time.Duration.ofSeconds(5)
        o.refresh() == java.time.Duration.ofSeconds(1)
    }

    def "a balancer the settings do not know is refused when they load"() {
        when:
        dev.stampede.engine.config.Settings.load().with('ha.balancer', 'leastConn')

        then:
        def e = thrown(com.typesafe.config.ConfigException.BadValue)
        e.message.contains("stampede.ha.balancer")
        e.message.contains("must be roundRobin, greedy or randomWeighted (got 'leastConn')")
    }
}

package dev.stampede.dsl

import dev.stampede.engine.output.PlanTree

class PlanTreeSpec extends CompilingSpec {

    def "check prints the plan as a tree: params, safety, setup, stages, groups, steps, events, thresholds, teardown"() {
        when:
        def tree = PlanTree.render(compile('''
            scenario('write mix') {
                description 'inserts and updates'
                param 'workers', 20
                target postgres('postgresql://u:secret@db/app')
                safety { minFreeConnections 5 }
                setup { sql 'CREATE TABLE IF NOT EXISTS t (id bigserial, name text, email text, age int, address text, phone_number text, data text)' }
                teardown { sql 'DROP TABLE t' }
                cleanup true
                stages {
                    stage('warm-up') {
                        duration 10.seconds
                        group('ramp') { ramp from: 0, to: 10, over: 10.seconds; think 5.ms; sql 'SELECT ?', random.between(1, 100) }
                    }
                    stage('mix') {
                        duration 2.minutes
                        group('writers') {
                            workers param('workers')
                            pool hikari(maxSize: 5)
                            mix {
                                70.percent { insertBatch 't', rows: 100, row: fake.person() }
                                30.percent {
                                    transaction('tx') {
                                        updateRandom 't', set: [data: random.text(1.kb)]
                                        pause random.between(1.ms, 5.ms)
                                    }
                                }
                            }
                        }
                        group('idle') { hold 100, batch: 10, keepalive: 30.seconds }
                        group('readers') { rate 500.perSecond; timed('custom') { } }
                    }
                }
                at(30.seconds, 'halfway') { log 'halfway' }
                expect(abortOnFail: true) { p99('insert') < 200.ms }
                expect { errorRate() < 0.1.percent; rate('custom') >= 400 }
            }'''))

        then:
        tree == '''\
            scenario 'write mix' — inserts and updates
            ├─ source x.groovy
            ├─ target postgres(postgresql://u:***@db/app)
            ├─ params
            │  └─ workers = 20
            ├─ safety: keep at least 5 connection slot(s) free
            ├─ setup, once before the first stage
            │  └─ sql 'CREATE TABLE IF NOT EXISTS t (id bigserial, name text, email text, age int, add…' as 'create'
            ├─ stage 'warm-up' for 10s
            │  └─ group 'ramp': ramp 0 → 10 worker(s) over 10s, think 5ms
            │     └─ sql 'SELECT ?' with random.between(1, 100) as 'select'
            ├─ stage 'mix' for 2m
            │  ├─ group 'writers': 20 worker(s), closed loop, hikari pool of 5 (5 kept open)
            │  │  └─ mix, one branch per iteration
            │  │     ├─ 70%
            │  │     │  └─ insertBatch 't', 100 row(s) of (name, email, age, address, phone_number) = fake.person() as 'insert'
            │  │     └─ 30%
            │  │        └─ transaction as 'tx'
            │  │           ├─ updateRandom 't' set data = random.text(1024) where id is random as 'update'
            │  │           └─ pause random.between(1ms, 5ms)
            │  ├─ group 'idle': hold 100 connection(s), batches of 10, keepalive every 30s
            │  └─ group 'readers': open model, 500/s, at most 100 in flight
            │     └─ timed 'custom' { … } (x.groovy:31:52)
            ├─ events
            │  └─ at 30s 'halfway' (x.groovy:34:5)
            ├─ expect
            │  ├─ p99('insert') < 200.ms — p99 of 'insert' < 200ms, abort on fail (x.groovy:35:33)
            │  ├─ errorRate() < 0.1.percent — error rate of all operations < 0.1% (x.groovy:36:14)
            │  └─ rate('custom') >= 400 — rate of 'custom' >= 400/s (x.groovy:36:41)
            ├─ teardown, once after the last stage
            │  └─ sql 'DROP TABLE t' as 'drop'
            └─ duration 2m10s in 2 stages
            '''.stripIndent()
    }

    def "the churn plan keeps the lines stampede check is known by"() {
        when:
        def tree = PlanTree.render(compiler.compile(new File('../scenarios/churn.groovy').toPath(), 'scenarios/churn.groovy', [workers: '7']))

        then:
        tree.readLines()[0].startsWith("scenario 'churn'")
        tree.contains('workers = 7')
        tree.contains("group 'churn': 7 worker(s), closed loop")
        tree.contains('connect()')
    }

    def "a shard's fractional rates print with two decimals at most, trailing zeros dropped"() {
        given:
        def plan = compile('''
            scenario('split rates') {
                stages {
                    stage('s') {
                        duration 10.seconds
                        group('steady') { rate 500.perSecond, maxWorkers: 30; timed('a') { } }
                        group('ramped') { rate from: 100.perSecond, to: 250.perSecond, over: 5.seconds, maxWorkers: 30; timed('b') { } }
                    }
                }
            }''')

        when:
        def tree = PlanTree.render(dev.stampede.engine.shard.ShardSplit.of(plan, new dev.stampede.engine.shard.Shard(2, 3)))

        then: '500/3, 100/3 and 250/3 per shard'
        tree.contains("group 'steady': open model, 166.67/s, at most 10 in flight")
        tree.contains("group 'ramped': open model, 33.33/s → 83.33/s over 5s, at most 10 in flight")

        when: 'two shards halve them exactly'
        tree = PlanTree.render(dev.stampede.engine.shard.ShardSplit.of(plan, new dev.stampede.engine.shard.Shard(1, 2)))

        then:
        tree.contains("group 'steady': open model, 250/s, at most 15 in flight")
        tree.contains("group 'ramped': open model, 50/s → 125/s over 5s, at most 15 in flight")
    }
}

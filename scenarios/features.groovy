// Feature tour: the scenario language in one short file — stages, ramp, open and closed models, mix,
// transaction, timed, pause, pools, timed events, setup/teardown and thresholds.
//   ./stampede check scenarios/features.groovy      (prints the plan as a tree)
scenario('features') {
    description 'a tour of the scenario language: stages, ramp, mix, transaction, timed, pause, at, expect'
    param 'peak', 20               // workers at the top of the ramp, and in the shop

    target postgres()

    setup {
        sql '''CREATE TABLE IF NOT EXISTS features_demo (
                   id bigserial PRIMARY KEY, name text, email text, age int, address text, phone_number text,
                   note text)'''
    }
    teardown { sql 'DROP TABLE IF EXISTS features_demo' }
    cleanup true                   // run teardown after the run

    stages {                       // phases, one after another; each has its own groups and duration
        stage('warm-up') {
            duration 10.seconds
            group('ramping readers') {
                ramp from: 1, to: param('peak'), over: 10.seconds     // closed model, more workers over time
                think 10.ms                                         // after every iteration
                sql 'SELECT ?::int + 1', random.between(1, 1000), name: 'add'
            }
        }
        stage('steady') {
            duration 20.seconds
            group('shop') {
                workers param('peak')
                pool hikari(maxSize: 10)         // workers share 10 pooled connections
                mix {                            // one branch per iteration, by weight; adds up to 100
                    60.percent {
                        sql 'SELECT count(*) FROM features_demo WHERE age > ?', random.between(18, 90), name: 'browse'
                    }
                    30.percent {
                        transaction('checkout') {    // BEGIN … COMMIT, timed as a whole and step by step
                            insertBatch 'features_demo', rows: 5, row: fake.person()
                            updateRandom 'features_demo', set: [note: fake.text(200)]
                        }
                    }
                    10.percent {
                        timed('report') { ctx ->     // any Groovy, timed; ctx is the worker's context
                            def rs = ctx.connection().createStatement().executeQuery('SELECT count(*) FROM features_demo')
                            rs.next()
                            rs.close()
                        }
                    }
                }
                pause random.between(5.ms, 20.ms)
            }
            group('arrivals') {
                rate 50.perSecond                // open model: arrivals on a schedule, whatever the latency
                maxWorkers 20
                connect()                        // open, SELECT 1, close
            }
        }
    }

    at(15.seconds, 'halfway') { log 'halfway through' }     // once, 15 seconds into the run

    expect {                                   // any failing threshold makes the exit code 1
        p99('checkout') < 5.seconds          // wide: the tour also runs in CI on busy 2-core machines
        p95('browse') < 2.seconds
        count('connect') > 0
        errorRate() < 1.percent
    }
}

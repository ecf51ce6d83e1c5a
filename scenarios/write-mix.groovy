// Write mix: batched inserts of realistic rows and random updates; rows/s, MB/s, p95/p99, with a safety margin.
// The table is created (and seeded) by setup; it is dropped at the end only with --set cleanup=true.
//   ./stampede run scenarios/write-mix.groovy --set workers=50 --set insertPercent=90
scenario('write mix') {
    description 'insert/update mix of realistic rows, never taking the last free connections'
    param 'workers', 20            // concurrent writers (closed loop)
    param 'batch', 100             // rows per INSERT
    param 'insertPercent', 70      // share of iterations that insert; the rest update
    param 'rowBytes', 1024         // size of the text an update writes
    param 'cleanup', false         // drop load_test_data after the run

    target postgres()
    duration 1.minute
    safety { minFreeConnections 5 }    // refuse to start (and stop) rather than exhaust max_connections

    setup {
        sql '''CREATE TABLE IF NOT EXISTS load_test_data (
                   id bigserial PRIMARY KEY, name text, email text, age int, address text, phone_number text,
                   data text, created_at timestamptz NOT NULL DEFAULT now())'''
        copy 'load_test_data', rows: 10_000, row: fake.person()    // so updates hit rows from the first second
    }
    teardown { sql 'DROP TABLE IF EXISTS load_test_data' }
    cleanup param('cleanup')

    group('writers') {
        workers param('workers')
        mix {
            param('insertPercent').percent {
                insertBatch 'load_test_data', rows: param('batch'), row: fake.person()
            }
            (100 - param('insertPercent')).percent {
                updateRandom 'load_test_data', set: [data: random.text(param('rowBytes'))]
            }
        }
    }

    expect {
        p99('insert') < 500.ms
        p99('update') < 100.ms
        errorRate() < 0.1.percent
    }
}

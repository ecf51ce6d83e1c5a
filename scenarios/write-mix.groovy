// Write mix: batched inserts of realistic ~1 KB rows and random updates; rows/s, MB/s, p95/p99, nothing lost.
// The table is created (and seeded) by setup and dropped at the end, unless --set keep=true keeps it; a
// load_test_data that existed before the run is the user's and is never dropped. The summary gives its size.
// Every insert the server acknowledges is kept in a ledger and checked after the run (exit 1 if one is missing).
//   ./stampede run scenarios/write-mix.groovy --set workers=50 --set insertPercent=90
scenario('write mix') {
    description 'insert/update mix of realistic rows, never taking the last free connections, nothing lost'
    param 'workers', 20            // concurrent writers (closed loop)
    param 'batch', 100             // rows per INSERT
    param 'insertPercent', 70      // share of iterations that insert; the rest update one random row
    param 'rowBytes', 1024         // size of the data column of every written row
    param 'keep', false            // keep load_test_data after the run (a table the run created is dropped)
    param 'copyMode', false        // bulk-load with COPY FROM STDIN instead of multi-row INSERTs

    target postgres()
    duration 1.minute
    safety { minFreeConnections 5 }    // refuse to start (and stop) rather than exhaust max_connections

    setup {
        // the comment marks the table as this run's own: only a marked table is dropped at the end
        sql '''DO $$ BEGIN
                 IF to_regclass('load_test_data') IS NULL THEN
                   CREATE TABLE load_test_data (
                     id bigserial PRIMARY KEY, name text, email text, age int, address text, phone_number text,
                     created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
                     data text);
                   COMMENT ON TABLE load_test_data IS 'stampede write-mix: dropped at the end of the run that created it';
                 END IF;
               END $$'''
        sql 'CREATE INDEX IF NOT EXISTS load_test_data_email ON load_test_data (email)'
        sql 'CREATE INDEX IF NOT EXISTS load_test_data_created_at ON load_test_data (created_at)'
        // so updates hit rows from the first second (COPY is the bulk-load path)
        copy 'load_test_data', rows: 10_000, row: fake.person(data: random.text(param('rowBytes')))
    }
    teardown {
        // keep: the table becomes the user's (unmarked), so no later run drops it either
        sql(param('keep')
                ? '''DO $$ BEGIN
                       IF obj_description(to_regclass('load_test_data'), 'pg_class') LIKE 'stampede write-mix:%' THEN
                         COMMENT ON TABLE load_test_data IS NULL;
                       END IF;
                     END $$'''
                : '''DO $$ BEGIN
                       IF obj_description(to_regclass('load_test_data'), 'pg_class') LIKE 'stampede write-mix:%' THEN
                         DROP TABLE load_test_data;
                       END IF;
                     END $$''')
    }
    cleanup true

    group('writers') {
        workers param('workers')
        pool hikari(maxSize: param('workers'), minIdle: param('workers'))   // pre-filled; in use/idle/waiting shown live
        mix {
            param('insertPercent').percent {
                if (param('copyMode')) {
                    copy 'load_test_data', rows: param('batch'), row: fake.person(data: random.text(param('rowBytes')))
                } else {
                    insertBatch 'load_test_data', rows: param('batch'),
                            row: fake.person(data: random.text(param('rowBytes'))), verify: true
                }
            }
            (100 - param('insertPercent')).percent {
                updateRandom 'load_test_data', set: [data: random.text(param('rowBytes'))]
            }
        }
    }

    expect {
        p99(param('copyMode') ? 'copy' : 'insert') < 2.seconds      // generous: the bundled run must pass on a busy 2-core CI machine
        p99('update') < 1.seconds
        errorRate() < 0.1.percent
    }
}

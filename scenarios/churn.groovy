// Connection churn: every worker opens a connection, runs SELECT 1 and closes it, as fast as it can.
// The whole open–query–close is timed as one `connect` operation (what `pgbench -C` measures).
//   ./stampede run scenarios/churn.groovy --set workers=32 --duration 1m
scenario('churn') {
    description 'open, SELECT 1, close as fast as possible: connections/s and connect latency'
    param 'workers', 10

    target postgres()              // --url, DATABASE_URL, PG* variables, else an embedded PostgreSQL
    duration 30.seconds

    group('churn') {
        workers param('workers')
        loop {
            connect()
        }
    }
}

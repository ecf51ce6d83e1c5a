// Connection churn: every worker opens a connection, runs SELECT 1 and closes it, as fast as it can.
// The whole open–query–close is timed as one `connect` operation (what `pgbench -C` measures). On
// too_many_connections (or too many open files) a worker backs off ~100 ms, on other errors 10 ms.
// Connections are made by a lean wire-protocol client (as libpq does: startup, auth, query, terminate),
// so the client's CPU per connection stays small beside the server's fork; STAMPEDE_CONNECT_CLIENT=jdbc for pgjdbc.
//   ./stampede run scenarios/churn.groovy --set workers=32 --duration 1m
//   ./stampede run scenarios/churn.groovy --sweep workers=1..64   (one stage per power of two: 1, 2, 4 … 64)
//   ./stampede run scenarios/churn.groovy --set sweep=1..64       (the same, kept from before --sweep existed)
scenario('churn') {
    description 'open, SELECT 1, close as fast as possible: connections/s and connect latency'
    param 'workers', 10
    param 'sweep', ''              // 'from..to' or '1,8,32': a stage per level (doubling from `from`, `to` included)
    param 'stageDuration', 10.seconds

    target postgres()              // --url, DATABASE_URL, PG* variables, else an embedded PostgreSQL

    if (param('sweep')) {          // a thin alias of `--sweep workers=…`: one stage per level
        duration param('stageDuration')
        sweep workers: param('sweep')
    } else {
        duration 30.seconds
    }
    group('churn') {
        workers param('workers')
        loop {
            connect()
        }
    }
}

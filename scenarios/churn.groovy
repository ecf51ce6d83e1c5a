// Connection churn: every worker opens a connection, runs SELECT 1 and closes it, as fast as it can.
// The whole open–query–close is timed as one `connect` operation (what `pgbench -C` measures). On
// too_many_connections (or too many open files) a worker backs off ~100 ms, on other errors 10 ms.
// Connections are made by a lean wire-protocol client (as libpq does: startup, auth, query, terminate),
// so the client's CPU per connection stays small beside the server's fork; STAMPEDE_CONNECT_CLIENT=jdbc for pgjdbc.
//   ./stampede run scenarios/churn.groovy --set workers=32 --duration 1m
//   ./stampede run scenarios/churn.groovy --set sweep=1..64      (one stage per power of two: 1, 2, 4 … 64)
scenario('churn') {
    description 'open, SELECT 1, close as fast as possible: connections/s and connect latency'
    param 'workers', 10
    param 'sweep', ''              // 'from..to': a stage per power of two between them, both ends included
    param 'stageDuration', 10.seconds

    target postgres()              // --url, DATABASE_URL, PG* variables, else an embedded PostgreSQL

    def sweep = (param('sweep') =~ /^\s*(\d{1,6})\s*\.\.\s*(\d{1,6})\s*$/)
    if (param('sweep') && !(sweep && (sweep[0][1] as int) >= 1 && (sweep[0][1] as int) < (sweep[0][2] as int))) {
        fail "--set sweep=${param('sweep')}: sweep needs from..to workers with 1 <= from < to, like 1..64"
    } else if (param('sweep')) {
        int from = sweep[0][1] as int, to = sweep[0][2] as int
        def levels = ([from] + (0..20).collect { 1 << it }.findAll { it > from && it < to } + [to]).unique()
        stages {
            levels.each { n ->
                stage("$n workers") {
                    duration param('stageDuration')
                    group('churn') {
                        workers n
                        loop { connect() }
                    }
                }
            }
        }
    } else {
        duration 30.seconds
        group('churn') {
            workers param('workers')
            loop {
                connect()
            }
        }
    }
}

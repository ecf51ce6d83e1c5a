// Pooler probe: what a pooler in front of PostgreSQL changes. PgBouncer is started for the run in front of the
// embedded server (or the one --url names); each check of the checklist runs with two real clients, first
// directly on the server, then through the pooler, and the table says what each saw:
//   ./stampede run scenarios/pooler-probe.groovy --set mode=session
// Then a short SELECT 1 load goes through the pooler. Results: summary.json findings.pooler.probe.
scenario('pooler probe') {
    description 'what transaction (or session) pooling breaks: SET, temp tables, prepared statements, locks, LISTEN'
    param 'mode', 'transaction'    // session, transaction or statement
    param 'poolSize', 2            // small, so the pooler must hand one client's server connection to the other
    param 'workers', 4

    target pgbouncer(mode: param('mode'), poolSize: param('poolSize'), probe: true)
    duration 5.seconds

    group('select') {
        workers param('workers')
        sql 'SELECT 1'
    }
}

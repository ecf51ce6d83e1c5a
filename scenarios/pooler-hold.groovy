// Pooler hold: many idle client connections through a PgBouncer started for the run, on a few server connections.
// The summary sets the client connections held (hold, SHOW POOLS) against the server connections the pooler used.
//   ./stampede run scenarios/pooler-hold.groovy --set connections=10000 --set batch=200 --duration 30s
scenario('pooler hold') {
    description 'hold N client connections through pgbouncer on poolSize server connections'
    param 'connections', 1000      // client connections to hold (each is a file descriptor here and in pgbouncer)
    param 'batch', 100             // opened concurrently per batch
    param 'batchPause', 10.ms
    param 'keepalive', 10.seconds  // SELECT 1 on each connection this often, through the pooler
    param 'mode', 'transaction'
    param 'poolSize', 20

    target pgbouncer(mode: param('mode'), poolSize: param('poolSize'))
    duration 30.seconds

    group('idle') {
        hold param('connections'), batch: param('batch'), batchPause: param('batchPause'), keepalive: param('keepalive')
    }

    expect {
        errors('open') <= 0
    }
}

// Failover: an embedded primary with streaming replicas, writers on the primary and readers on the
// replicas, and the primary killed halfway (the most advanced replica is promoted). The summary says
// what clients saw: time to the first error, time until the new primary was seen, how long writes and
// reads were refused, the errors by kind in that window, and, from the acknowledged-write ledger
// checked on the new primary, how many acknowledged inserts are gone (0 with synchronous replication).
//   ./stampede run scenarios/failover.groovy --no-tui --set synchronous=true
//   ./stampede run scenarios/failover.groovy --duration 10s --set failoverAt=5s
// Against a cluster of your own, the same load without the fault (stampede does not control it):
//   ./stampede run scenarios/failover.groovy --url postgresql://u@db1:5432,db2:5432,db3:5432/app
scenario('failover') {
    description 'primary + replicas, writers and readers, the primary killed halfway: failover measured'
    param 'replicas', 2                // streaming replicas of the embedded cluster (1..8)
    param 'synchronous', false         // the primary waits at commit for one replica: no acknowledged write lost
    param 'balancer', 'roundRobin'     // how reads spread over the replicas: roundRobin, greedy, randomWeighted
    param 'writers', 4                 // workers inserting on the primary
    param 'readers', 4                 // workers reading on the replicas
    param 'failoverAt', 15.seconds     // when the primary dies (halfway through the default 30 s)

    target cluster(replicas: param('replicas'), synchronous: param('synchronous'))
    balancer param('balancer')
    fallbackToPrimary true             // reads go on on the primary if every replica is down
    refresh 250.ms                     // host checks: roles and health (the new primary is seen within about this)
    acquireTimeout 2.seconds           // a step waits at most this for a host of its role, then fails (no_primary)
    duration 30.seconds

    setup {
        sql 'CREATE TABLE IF NOT EXISTS failover_writes (id bigserial PRIMARY KEY, note text, at timestamptz NOT NULL DEFAULT now())'
    }

    group('writers') {
        workers param('writers')
        loop {
            write {
                // every id the server acknowledges goes to the ledger, checked on the new primary after the run
                insertBatch 'failover_writes', rows: 1, row: [note: random.text(32)], verify: true
            }
        }
    }
    group('readers') {
        workers param('readers')
        loop {
            read {
                sql 'SELECT id, note FROM failover_writes ORDER BY id DESC LIMIT 10', name: 'read'
            }
        }
    }

    at(param('failoverAt'), 'failover') { failover() }

    expect {
        writeUnavailable() < 30.seconds    // generous: a busy 2-core machine; the summary has the real figure
        readUnavailable() < 30.seconds
        if (param('synchronous')) lostWrites() == 0    // asynchronous: lost writes are reported, not failed
    }
}

// Steady reads: SELECT 1 arriving at a fixed rate (open model), latency measured from each intended start.
// Unlike a closed loop, a slow server cannot slow the arrivals down, so queueing shows up in the latency.
//   ./stampede run scenarios/steady-reads.groovy --set rate=2000 --set maxWorkers=200
scenario('steady reads') {
    description 'SELECT 1 at a fixed arrival rate (open model): latency without coordinated omission'
    param 'rate', 500              // arrivals per second
    param 'maxWorkers', 100        // queries in flight at most; beyond that an arrival waits and counts as late

    target postgres()
    duration 30.seconds

    group('readers') {
        rate param('rate').perSecond
        maxWorkers param('maxWorkers')
        sql 'SELECT 1'             // recorded as operation 'select'
    }

    expect {
        p99('select') < 100.ms      // measured from each intended start, so a stall cannot hide
        errorRate() < 0.1.percent
    }
}

// Hold: open many connections in batches and keep them idle, to probe max_connections and pooler limits.
// Each open is timed as operation 'open'; a keepalive SELECT 1 per connection is timed as 'keepalive'.
// Connections are held by a lean wire-protocol client (about 1 KB of heap each; STAMPEDE_CONNECT_CLIENT=jdbc
// for pgjdbc), so thousands fit in a small client; the summary reports memory per held connection.
//   ./stampede run scenarios/hold.groovy --set connections=1000 --set batch=50
scenario('hold') {
    description 'open N idle connections in batches and keep them: connection limits and cost per connection'
    param 'connections', 200       // how many to hold (the embedded server allows 300)
    param 'batch', 20              // opened concurrently per batch
    param 'batchPause', 100.ms     // pause between batches
    param 'keepalive', 30.seconds  // SELECT 1 on each connection this often; 0s for none
    param 'findLimit', false       // keep opening past `connections` until the server refuses, and report the limit

    target postgres()
    duration 1.minute

    group('idle') {                // a hold group has no steps: the connections just stay open
        hold param('connections'), batch: param('batch'), batchPause: param('batchPause'),
                keepalive: param('keepalive'), findLimit: param('findLimit')
    }

    if (!param('findLimit')) {     // looking for the limit means being refused at the end
        expect {
            p99('open') < 5.seconds
            errors('open') <= 0
        }
    }
}

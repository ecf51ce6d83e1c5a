// TCP Fibonacci probes: requests to any server that answers fib(n) per line ("30\n" → "832040\n").
// A long-request latency probe (fib(30), checked) beside a short-request throughput probe (fib(1..30)).
//   python3 engine/src/test/resources/tcp/fib_server.py 25000 &
//   ./stampede run scenarios/tcp-fib.groovy --set url=127.0.0.1:25000 --set workers=8
scenario('tcp fib') {
    description 'fib(30) latency probe and fib(1..30) throughput probe against a TCP request/response server'
    param 'url', '127.0.0.1:25000'   // host:port of the server (or --url tcp://host:port)
    param 'workers', 4              // connections of the throughput probe, each kept across requests

    target tcp(param('url'))
    duration 30.seconds

    group('long') {
        workers 1
        loop {
            request '30', expect: '832040', name: 'fib30'   // a reply other than 832040 counts as unexpected_reply
        }
    }

    group('short') {
        workers param('workers')
        loop {
            request random.between(1, 30), name: 'fib'      // one request, one reply line, timed
        }
    }

    expect {
        errorRate() < 1.percent
    }
}

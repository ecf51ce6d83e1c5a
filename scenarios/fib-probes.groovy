// The two classic Fibonacci probes at once: long requests (fib(30), latency) beside short ones (fib(1), throughput).
// Against a Fibonacci server this run starts (--set model=event-loop), or one elsewhere in any language:
//   ./stampede run fib-probes --set model=event-loop
//   ./stampede run fib-probes --set url=127.0.0.1:25000        (or --url tcp://127.0.0.1:25000)
scenario('fib probes') {
    description 'long-request latency probe (fib(longN) in a loop) beside the short-request throughput probe (fib(shortN) as fast as possible)'
    param 'model', 'thread-pool'   // the fibServer model started for the run (see stampede serve fib --help)
    param 'url', ''                // host:port of a server elsewhere: then no fibServer is started
    param 'longN', 30              // n of the long probe
    param 'shortN', 1              // n of the short probe

    target param('url') ? tcp(param('url')) : fibServer(param('model'))
    duration 30.seconds

    group('long') {                // one worker, one connection: time per long request
        workers 1
        loop {
            request param('longN'), name: 'long'     // an ERR reply counts as a server_error
        }
    }

    group('short') {               // one worker, one connection: requests per second
        workers 1
        loop {
            request param('shortN'), name: 'short'
        }
    }
}

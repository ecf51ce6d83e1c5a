// Every Fibonacci server model through the two classic probes: short requests alone, long alone, then both at once.
// Each model's server is started for its three stages and stopped after; the summary ends with the comparison table
// (also findings.fibModels in summary.json).   ./stampede run fib-models --no-tui --set models=event-loop,thread-pool
scenario('fib models') {
    description 'a stage per model and phase: short probe alone, long probe alone, both together; ends with the models table'
    param 'models', 'sequential,thread-per-connection,thread-pool,queue-workers,process-pool,process-per-connection,event-loop,event-loop-offload,virtual-threads'
    param 'seconds', 3             // per phase: three phases per model
    param 'longN', 30              // n of the long probe
    param 'shortN', 1              // n of the short probe

    stages {
        for (m in param('models').split(',')*.trim()) {
            def model = m
            stage("$model · short alone") {
                target fibServer(model)
                duration param('seconds').seconds
                group('short') { workers 1; loop { request param('shortN'), name: 'short' } }
            }
            stage("$model · long alone") {
                target fibServer(model)
                duration param('seconds').seconds
                group('long') { workers 1; loop { request param('longN'), name: 'long' } }
            }
            stage("$model · both") {
                target fibServer(model)
                duration param('seconds').seconds
                group('long') { workers 1; loop { request param('longN'), name: 'long' } }
                // the short probe joins once the long one is being served (50 ms in), as in the classic experiment
                group('short') { ramp from: 0, to: 1, over: 100.ms; loop { request param('shortN'), name: 'short' } }
            }
        }
    }
}

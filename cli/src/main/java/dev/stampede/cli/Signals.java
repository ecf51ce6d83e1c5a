package dev.stampede.cli;

import dev.stampede.engine.result.RunControl;
import dev.stampede.engine.result.StopReason;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM into a graceful stop: the run ends its interval, workers stop,
 * connections close, the summary is printed and written, exit 130. A second signal while stopping
 * exits at once (shutdown hooks still stop an embedded server).
 */
final class Signals implements AutoCloseable {

    static final Signals NONE = new Signals(List.of());

    private record Installed(Signal signal, SignalHandler previous) {
    }

    private final List<Installed> installed;

    private Signals(List<Installed> installed) {
        this.installed = installed;
    }

    static Signals install(RunControl control) {
        List<Installed> done = new ArrayList<>();
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal s = new Signal(name);
                SignalHandler prev = Signal.handle(s, sig -> {
                    if (!control.requestStop(StopReason.INTERRUPTED, "SIG" + name)) System.exit(Main.INTERRUPTED);
                });
                done.add(new Installed(s, prev));
            } catch (IllegalArgumentException unsupported) {
                // not on this platform: the JVM's default handling applies
            }
        }
        return new Signals(done);
    }

    @Override
    public void close() {
        installed.forEach(i -> Signal.handle(i.signal(), i.previous()));
    }
}

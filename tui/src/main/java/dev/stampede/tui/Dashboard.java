package dev.stampede.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal.CtrlCBehaviour;
import dev.stampede.engine.config.Settings;
import dev.stampede.engine.live.LiveStatus;
import dev.stampede.engine.metrics.IntervalSnapshot;
import dev.stampede.engine.output.Output;
import dev.stampede.engine.result.RunControl;
import dev.stampede.engine.result.RunHeader;
import dev.stampede.engine.result.RunSummary;
import dev.stampede.engine.result.StopReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The full-screen live dashboard: an {@link Output} that owns the terminal for the length of a run and
 * redraws {@link DashboardView} from the latest snapshot. Keys: {@code q}, Escape or Ctrl-C ask the run
 * to stop; arrows select an operation; {@code tab} cycles the panels; {@code c} and {@code h} switch the
 * table and the histogram between interval and cumulative; {@code p} pauses and resumes the load;
 * {@code +}/{@code -} change the selected operation's group by 10% through {@link RunControl}; {@code ?}
 * shows the keys.
 *
 * <p>Why a thread of its own: the engine's ticker must never wait on a terminal, and keys must be read
 * even between intervals. Guarantees:
 * <ol>
 *   <li>{@link #start} and {@link #interval} only store a reference and return at once.</li>
 *   <li>Only the drawing thread ("stampede-dashboard", a platform daemon thread) touches the screen
 *       while it runs: every {@code refresh} it polls the keyboard, follows a resize, draws and sends
 *       the difference to the terminal.</li>
 *   <li>{@link #end} and {@link #close} are idempotent and safe from any thread: they stop the drawing
 *       thread and restore the terminal (normal buffer, cursor, echo), so the caller may print to stdout
 *       afterwards. Call {@code close} in a {@code finally}: a run that dies without {@code end} would
 *       otherwise leave the terminal in raw mode.</li>
 * </ol>
 * Open it only when stdin and stdout are a real terminal: without one Lanterna falls back to
 * {@code /bin/stty} and fails. With Ctrl-C trapped, the key arrives here as a keystroke, not as SIGINT.
 */
public final class Dashboard implements Output, AutoCloseable {

    static final String THREAD_NAME = "stampede-dashboard";

    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
    private static final Duration JOIN_BOUND = Duration.ofSeconds(2);

    private final Terminal terminal;
    private final Screen screen;
    private final RunControl control;
    private final Duration refresh;
    private final AtomicReference<RunHeader> header = new AtomicReference<>();
    private final AtomicReference<IntervalSnapshot> latest = new AtomicReference<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread drawer;
    private final boolean color;
    /** Drawing thread only: what the person chose, the charts' history, and what the last frame showed. */
    private ViewState view = ViewState.START;
    private History history = History.EMPTY;
    private IntervalSnapshot historyOf;
    private Object lastDrawn;
    private TerminalSize lastSize;
    private long frames;
    private volatile long drawerCpuNanos = -1;
    private final long openedAt = System.nanoTime();

    /**
     * Takes over the process's own terminal (alternate screen, raw mode, Ctrl-C trapped) and starts
     * drawing at once, redrawing every {@code settings.dashboardRefresh()}.
     *
     * @throws IOException when there is no usable terminal; nothing is left open then
     */
    public static Dashboard open(RunControl control, Settings settings) throws IOException {
        Terminal terminal = new DefaultTerminalFactory()
                .setForceTextTerminal(true)
                .setUnixTerminalCtrlCBehaviour(CtrlCBehaviour.TRAP)
                .createTerminal();
        String noColor = System.getenv("NO_COLOR");
        return new Dashboard(terminal, control, settings.dashboardRefresh(), noColor == null || noColor.isEmpty());
    }

    /**
     * A dashboard on a terminal the caller made (a {@code DefaultVirtualTerminal} in specs); it takes the
     * terminal over and closes it on {@link #close}. The screen is started and the drawing thread running
     * when this returns.
     *
     * @throws IOException when the screen cannot start; the terminal is closed then
     */
    public Dashboard(Terminal terminal, RunControl control, Duration refresh) throws IOException {
        this(terminal, control, refresh, true);
    }

    /** As {@link #Dashboard(Terminal, RunControl, Duration)}; {@code color} false draws without colours (NO_COLOR). */
    public Dashboard(Terminal terminal, RunControl control, Duration refresh, boolean color) throws IOException {
        this.color = color;
        this.terminal = Objects.requireNonNull(terminal, "terminal");
        this.control = Objects.requireNonNull(control, "control");
        this.refresh = Objects.requireNonNull(refresh, "refresh");
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("dashboard refresh must be a duration > 0 (got " + refresh + ")");
        }
        try {
            screen = new TerminalScreen(terminal);
            screen.startScreen();
            screen.setCursorPosition(null); // hidden
        } catch (IOException | RuntimeException e) {
            try {
                terminal.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        drawer = Thread.ofPlatform().name(THREAD_NAME).daemon(true).unstarted(this::loop);
        drawer.start();
    }

    @Override
    public void start(RunHeader header) {
        this.header.set(header);
    }

    @Override
    public void interval(IntervalSnapshot snapshot) {
        latest.set(snapshot);
    }

    @Override
    public void end(RunSummary summary) {
        close();
    }

    /** Stops the drawing thread and gives the terminal back; later calls do nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        stopping.countDown();
        try {
            if (!drawer.join(JOIN_BOUND)) {
                log.warn("dashboard thread still busy after {}; restoring the terminal anyway", JOIN_BOUND);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (drawerCpuNanos >= 0) {
            double seconds = (System.nanoTime() - openedAt) / 1e9;
            // what drawing cost the machine: the budget is a few percent of one core
            log.info(String.format(java.util.Locale.ROOT, "dashboard: %d frames drawn in %.1fs, %.0f ms CPU (%.2f%% of one core)",
                    frames, seconds, drawerCpuNanos / 1e6, 100 * drawerCpuNanos / 1e9 / Math.max(1e-9, seconds)));
        }
        try {
            screen.stopScreen(); // leaves the alternate screen, shows the cursor
        } catch (IOException | RuntimeException e) {
            log.warn("could not leave the dashboard screen", e);
        }
        try {
            terminal.close(); // gives back cooked mode, echo and Ctrl-C as a signal
        } catch (IOException | RuntimeException e) {
            log.warn("could not restore the terminal settings", e);
        }
    }

    private void loop() {
        boolean renderFailed = false;
        try {
            do {
                readKeys();
                TerminalSize resized = screen.doResizeIfNecessary();
                try {
                    // drawing is skipped when nothing it shows has changed: the dashboard stays cheap
                    if (draw(resized != null)) {
                        screen.refresh(resized == null ? Screen.RefreshType.AUTOMATIC : Screen.RefreshType.COMPLETE);
                    }
                } catch (RuntimeException e) {
                    // keep polling keys even if drawing is broken: q and Ctrl-C must still stop the run
                    if (!renderFailed) log.error("dashboard cannot draw this snapshot", e);
                    renderFailed = true;
                }
            } while (!stopping.await(refresh.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            log.error("dashboard stopped drawing: the terminal failed", e);
        } finally {
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            drawerCpuNanos = mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : -1;
        }
    }

    private void readKeys() throws IOException {
        KeyStroke key;
        while ((key = screen.pollInput()) != null) {
            if (key.getKeyType() == KeyType.EOF) return; // input closed: nothing more will come
            if (view.help() && (key.getKeyType() == KeyType.Escape || isChar(key, '?'))) {
                view = view.toggleHelp();
                continue;
            }
            String how = stopKey(key);
            if (how != null) {
                control.requestStop(StopReason.INTERRUPTED, "stopped from the dashboard (" + how + ")");
                continue;
            }
            int ops = latest.get() == null ? 0 : latest.get().operations().size();
            switch (key.getKeyType()) {
                case ArrowUp -> view = view.select(-1, ops);
                case ArrowDown -> view = view.select(1, ops);
                case Tab -> view = view.nextPanel(Panels.NAMES.size());
                case ReverseTab -> view = view.nextPanel(Panels.NAMES.size()).nextPanel(Panels.NAMES.size())
                        .nextPanel(Panels.NAMES.size()).nextPanel(Panels.NAMES.size());
                case Character -> {
                    if (key.isCtrlDown() || key.isAltDown()) break;
                    switch (key.getCharacter()) {
                        case 'c', 'C' -> view = view.toggleCumulative();
                        case 'h', 'H' -> view = view.toggleHistogram();
                        case '?' -> view = view.toggleHelp();
                        case 'p', 'P', ' ' -> control.togglePause();
                        case '+', '=' -> scaleSelected(1.1);
                        case '-', '_' -> scaleSelected(1 / 1.1);
                        default -> {
                        }
                    }
                }
                default -> {
                }
            }
        }
    }

    private static boolean isChar(KeyStroke key, char c) {
        return key.getKeyType() == KeyType.Character && key.getCharacter() == c;
    }

    /** + and -: the group that runs the selected operation (or the only live group) changes by {@code factor}. */
    private void scaleSelected(double factor) {
        RunHeader h = header.get();
        IntervalSnapshot s = latest.get();
        if (h == null || s == null || s.operations().isEmpty()) return;
        String op = s.operations().get(Math.min(view.selected(), s.operations().size() - 1)).name();
        String group = groupOf(h.plan(), s.stage(), op);
        var live = control.liveGroups();
        if (group == null && live.size() == 1) group = live.getFirst().name();
        if (group != null) control.scale(group, factor);
    }

    /** The group of {@code stage} that records {@code operation} (its lag included), or null. */
    static String groupOf(dev.stampede.engine.plan.Plan plan, String stage, String operation) {
        for (var st : plan.stages()) {
            if (!st.name().equals(stage)) continue;
            for (var g : st.groups()) {
                if (operation.equals(g.name() + dev.stampede.engine.plan.Plan.LAG_SUFFIX)) return g.name();
                if (g.steps().stream().flatMap(dev.stampede.engine.plan.Step::operationNames).anyMatch(operation::equals)) {
                    return g.name();
                }
            }
        }
        return null;
    }

    /** The key's name when it means "stop the run", null otherwise. */
    static String stopKey(KeyStroke key) {
        if (key.getKeyType() == KeyType.Escape) return "Esc";
        if (key.getKeyType() != KeyType.Character || key.isAltDown()) return null;
        char c = key.getCharacter();
        if (key.isCtrlDown()) return c == 'c' || c == 'C' ? "Ctrl-C" : null;
        return c == 'q' || c == 'Q' ? "q" : null;
    }

    /** Draws a frame when anything it shows changed (or {@code force}); true when it drew. */
    private boolean draw(boolean force) {
        RunHeader h = header.get();
        TerminalSize size = screen.getTerminalSize();
        IntervalSnapshot s = latest.get();
        if (s != null && s != historyOf) {
            history = history.add(s);
            historyOf = s;
        }
        Frame frame = h == null ? null : frame(h, s);
        // what a frame shows: equal keys draw the same screen (the snapshot by identity)
        Object key = java.util.Arrays.asList(h, System.identityHashCode(s), frame == null ? null : frame.live(),
                view, frame == null ? null : frame.stopping());
        if (!force && key.equals(lastDrawn) && size.equals(lastSize)) return false;
        lastDrawn = key;
        lastSize = size;
        frames++;
        screen.clear();
        var g = screen.newTextGraphics();
        if (h == null) {
            // between open() and the runner's start(): the plan is not known yet
            if (size.getRows() > 0) g.putString(0, 0, "stampede · starting …");
            return true;
        }
        DashboardView.render(frame, g, size);
        return true;
    }

    /** The snapshot's run-level state brought up to now: state, pause, events and levels change between intervals. */
    private Frame frame(RunHeader h, IntervalSnapshot s) {
        LiveStatus was = s == null ? LiveStatus.NONE : s.live();
        LiveStatus now = new LiveStatus(control.state(), was.stageNumber(), was.stageCount(), was.stageElapsed(),
                was.stageDuration(), control.paused(), roundedPause(), control.events(), was.thresholds(),
                was.errorSamples(), control.levels().isEmpty() ? was.levels() : control.levels(), settleLeft());
        return new Frame(h, s, history, now, view, control.request().map(RunControl.StopRequest::message), color);
    }

    /** A sweep's pause left, rounded up to the second (a 3 s pause reads 0:03 first): redrawn once a second. */
    private Duration settleLeft() {
        long nanos = control.settleLeft().toNanos();
        return Duration.ofSeconds((nanos + 999_999_999L) / 1_000_000_000L);
    }

    /** Paused time to the second, so a paused screen is redrawn once a second rather than every refresh. */
    private Duration roundedPause() {
        return Duration.ofSeconds(control.pausedTotal().toSeconds());
    }
}

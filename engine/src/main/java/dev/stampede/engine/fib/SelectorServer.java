package dev.stampede.engine.fib;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the event-loop models share: one thread, one NIO selector, non-blocking sockets. The loop
 * accepts, reads, frames ({@link RequestFramer}), and writes what is ready; a connection's requests
 * are answered in order, one at a time. Models differ in {@link #compute}: inline on the loop, or on
 * a pool that hands the answer back through {@link #completeLater}.
 *
 * <p>A vanished client is seen as soon as the loop reads its end of stream. A client that sends
 * without reading its answers is not read any further once {@value #MAX_QUEUED_ANSWERS} requests and
 * answers wait.
 *
 * <p>Thread-safe: everything but {@link #completeLater} runs on the loop thread.
 */
abstract class SelectorServer implements FibServer {

    static final int MAX_QUEUED_ANSWERS = 1000;

    /** One connection's state, touched only by the loop thread. */
    final class Conn {
        final SocketChannel channel;
        final SelectionKey key;
        final RequestFramer framer = new RequestFramer(maxN);
        final Queue<RequestFramer.Request> pending = new ArrayDeque<>();
        final Queue<ByteBuffer> answers = new ArrayDeque<>();
        boolean busy;
        boolean closing;
        boolean closed;

        Conn(SocketChannel channel, SelectionKey key) {
            this.channel = channel;
            this.key = key;
        }

        /** Queues an answer line (loop thread). */
        void answer(byte[] line) {
            answers.add(ByteBuffer.wrap(line));
        }
    }

    private final FibModel model;
    private final int workers;
    final int maxN;
    private final AtomicInteger open = new AtomicInteger();
    private final Queue<Runnable> completions = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(4096);
    private final List<RequestFramer.Request> framed = new ArrayList<>();
    private Selector selector;
    private ServerSocketChannel listener;
    private Thread loop;
    volatile boolean stopping;

    SelectorServer(FibModel model, int workers, int maxN) {
        this.model = model;
        this.workers = workers;
        this.maxN = maxN;
    }

    /** Answers {@code fib(n)} for {@code c}: inline, or later through {@link #completeLater}. */
    abstract void compute(Conn c, int n);

    void startWorkers() {
    }

    void stopWorkers() {
    }

    /** From any thread: runs {@code onLoop} on the loop thread soon. */
    final void completeLater(Runnable onLoop) {
        completions.add(onLoop);
        Selector s = selector;
        if (s != null) s.wakeup();
    }

    /** Called on the loop thread when an offloaded answer is ready. */
    final void answered(Conn c, long value) {
        c.busy = false;
        if (c.closed) return;
        c.answer(RequestFramer.answer(value));
        process(c);
    }

    @Override
    public synchronized int start(String host, int port) throws IOException {
        if (listener != null) throw new IllegalStateException(model + " server already started");
        Selector sel = Selector.open();
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(new InetSocketAddress(host, port), 1024);
            ch.configureBlocking(false);
            ch.register(sel, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            ch.close();
            sel.close();
            throw e;
        }
        selector = sel;
        listener = ch;
        startWorkers();
        loop = Thread.ofPlatform().daemon().name("fib-" + model.label() + "-loop").start(this::run);
        return ((InetSocketAddress) ch.getLocalAddress()).getPort();
    }

    private void run() {
        try {
            while (!stopping) {
                selector.select();
                for (Runnable r; (r = completions.poll()) != null; ) r.run();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey k = keys.next();
                    keys.remove();
                    if (!k.isValid()) continue;
                    if (k.isAcceptable()) accept();
                    else {
                        Conn c = (Conn) k.attachment();
                        if (k.isReadable()) read(c);
                        if (!c.closed && k.isValid() && k.isWritable()) flush(c);
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            // stopping
        } finally {
            for (SelectionKey k : selector.keys()) BlockingFibServer.closeQuietly(k.channel());
            BlockingFibServer.closeQuietly(selector);
        }
    }

    private void accept() {
        SocketChannel ch;
        try {
            while ((ch = listener.accept()) != null) {
                try {
                    ch.configureBlocking(false);
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
                    key.attach(new Conn(ch, key));
                    open.incrementAndGet();
                } catch (IOException e) {
                    BlockingFibServer.closeQuietly(ch);
                }
            }
        } catch (IOException e) {
            // e.g. out of file descriptors: keep serving those already open
        }
    }

    private void read(Conn c) {
        readBuffer.clear();
        int n;
        try {
            n = c.channel.read(readBuffer);
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
            close(c);
            return;
        }
        if (n == 0) return;
        framed.clear();
        c.framer.feed(readBuffer.array(), 0, n, readBuffer.hasRemaining(), framed);
        c.pending.addAll(framed);
        process(c);
    }

    /** Answers what can be answered now, in order, then writes. */
    final void process(Conn c) {
        while (!c.busy && !c.closing && !c.closed) {
            RequestFramer.Request r = c.pending.poll();
            if (r == null) break;
            switch (r) {
                case RequestFramer.Compute comp -> compute(c, comp.n());
                case RequestFramer.Refuse refuse -> {
                    c.answer(refuse.bytes());
                    if (refuse.close()) {
                        c.closing = true;
                        c.pending.clear();
                    }
                }
            }
        }
        flush(c);
    }

    private void flush(Conn c) {
        if (c.closed) return;
        try {
            while (!c.answers.isEmpty()) {
                ByteBuffer b = c.answers.peek();
                c.channel.write(b);
                if (b.hasRemaining()) break;
                c.answers.poll();
            }
        } catch (IOException e) {
            close(c);
            return;
        }
        if (c.closing && c.answers.isEmpty()) {
            close(c);
            return;
        }
        int ops = (c.answers.isEmpty() ? 0 : SelectionKey.OP_WRITE)
                | (c.answers.size() + c.pending.size() < MAX_QUEUED_ANSWERS && !c.closing ? SelectionKey.OP_READ : 0);
        c.key.interestOps(ops);
    }

    private void close(Conn c) {
        if (c.closed) return;
        c.closed = true;
        c.key.cancel();
        BlockingFibServer.closeQuietly(c.channel);
        open.decrementAndGet();
    }

    @Override
    public void stop() {
        Thread l;
        synchronized (this) {
            if (stopping) return;
            stopping = true;
            l = loop;
            if (listener != null) BlockingFibServer.closeQuietly(listener);
        }
        if (selector != null) selector.wakeup();
        if (l != null && l != Thread.currentThread()) {
            try {
                l.join(10_000); // the loop may be inside one fib(max-n)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stopWorkers();
        open.set(0);
    }

    @Override
    public FibModel model() {
        return model;
    }

    @Override
    public int workers() {
        return workers;
    }

    @Override
    public int openConnections() {
        return open.get();
    }
}

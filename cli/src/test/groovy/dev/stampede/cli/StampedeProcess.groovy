package dev.stampede.cli

import java.util.concurrent.TimeUnit

/** stampede as a real child process (signals, terminals), on the test classpath. Specs only. */
class StampedeProcess {

    /** The command line that starts stampede's main in a fresh JVM. */
    static List<String> command(String... args) {
        def java = new File(System.getProperty('java.home'), 'bin/java').path
        def cp = System.getProperty('surefire.test.class.path') ?: System.getProperty('java.class.path')
        [java, '--enable-native-access=ALL-UNNAMED', '-cp', cp, 'dev.stampede.cli.Main', *args]
    }

    final Process process
    final StringBuffer out = new StringBuffer()

    StampedeProcess(String... args) {
        def pb = new ProcessBuilder(command(args)).redirectErrorStream(true)
        pb.environment().remove('DATABASE_URL')
        ['PGHOST', 'PGPORT', 'PGDATABASE'].each { pb.environment().remove(it) }
        process = pb.start()
        Thread.startVirtualThread {
            process.inputStream.withReader { r -> r.eachLine { out.append(it).append('\n') } }
        }
    }

    boolean waitFor(String text, long seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L
        while (System.nanoTime() < deadline) {
            if (out.toString().contains(text)) return true
            if (!process.alive && !out.toString().contains(text)) { Thread.sleep(200); return out.toString().contains(text) }
            Thread.sleep(50)
        }
        false
    }

    void signal(String name) {
        new ProcessBuilder('kill', "-$name", String.valueOf(process.pid())).start().waitFor()
    }

    Integer exitWithin(long seconds) {
        process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : null
    }

    void kill() {
        process.descendants().forEach { it.destroyForcibly() }
        process.destroyForcibly()
    }
}

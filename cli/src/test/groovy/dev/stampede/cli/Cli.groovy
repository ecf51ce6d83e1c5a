package dev.stampede.cli

import java.nio.charset.StandardCharsets

/** Runs stampede in-process and captures what it prints (specs only). */
class Cli {
    int exit
    String out
    String err

    static Cli run(Map<String, String> env = [:], String... args) {
        def o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream()
        def ps = new PrintStream(o, true, StandardCharsets.UTF_8), pe = new PrintStream(e, true, StandardCharsets.UTF_8)
        int code = Main.execute(args, ps, pe, env, false)
        new Cli(exit: code, out: o.toString(StandardCharsets.UTF_8), err: e.toString(StandardCharsets.UTF_8))
    }

    /** The project's root folder (tests run in the module folder). */
    static File root() {
        new File('..').canonicalFile
    }

    static String scenario(String name) {
        new File(root(), "scenarios/$name").path
    }
}

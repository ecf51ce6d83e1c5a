package dev.stampede.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether stdin and stdout are a real terminal, on Java 21 (no isTerminal) and 22+ alike. */
final class Terminals {

    private Terminals() {
    }

    static boolean interactive() {
        Console c = System.console();
        if (c == null) return false;
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21: console() is null unless both ends are a terminal
        }
    }
}

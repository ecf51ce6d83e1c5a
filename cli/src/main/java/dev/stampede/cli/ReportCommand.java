package dev.stampede.cli;

import dev.stampede.report.HtmlReport;
import dev.stampede.report.ResultFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code stampede report DIR}: (re)writes report.html, histogram.png and sweep.png from a result folder. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write report.html, histogram.png (and sweep.png for a sweep) from a result folder.")
final class ReportCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "DIR", description = "a result folder (with summary.json)")
    Path dir;

    @Override
    public Integer call() {
        try {
            for (Path p : HtmlReport.write(dir)) main.out.println("wrote " + p);
            return Main.OK;
        } catch (ResultFolder.BadFolderException e) {
            main.err.println("stampede report: " + e.getMessage());
            return Main.USAGE;
        }
    }
}

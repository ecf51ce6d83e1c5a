package dev.stampede.cli;

import dev.stampede.engine.merge.ShardMerge;
import dev.stampede.engine.output.SummaryTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code stampede merge DIR... --out DIR}: the result folders of a sharded run ({@code run --shard i/N})
 * added up into one (the logic is {@link ShardMerge}); exit 0/1 on the merged thresholds, 3 when a shard
 * is missing or failed (the merged files are still written, marked incomplete), 2 for folders of
 * different runs.
 */
@Command(name = "merge", description = "Merge the result folders of a sharded run (run --shard i/N) into one.",
        mixinStandardHelpOptions = true)
final class MergeCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "the shards' result folders")
    List<Path> dirs;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "where the merged result goes")
    Path out;

    @Override
    public Integer call() {
        ShardMerge.Result r;
        try {
            r = ShardMerge.merge(dirs, out);
        } catch (ShardMerge.Refused e) {
            main.err.println("stampede merge: " + e.getMessage());
            return Main.USAGE;
        } catch (java.io.UncheckedIOException e) {
            main.err.println("stampede merge: " + e.getMessage());
            return Main.CANNOT_RUN;
        }
        r.problems().forEach(p -> main.err.println("stampede merge: " + p));
        main.out.print(SummaryTable.render(r.summary(), r.thresholds()));
        main.out.println(r.complete() ? "merge: complete, " + r.count() + " of " + r.count() + " shards"
                : "merge: INCOMPLETE, " + r.merged().size() + " of " + r.count() + " shards (" + r.merged() + ") — exit 3");
        RunRecord.writeReport(out, main.out, Duration.ofSeconds(60));
        main.out.println("results: " + out);
        main.out.flush();
        return r.exitCode();
    }
}

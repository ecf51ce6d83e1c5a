package dev.stampede.cli

import spock.lang.Requires
import spock.lang.Specification

/**
 * deploy/kubernetes without a cluster: the fields an Indexed Job of shards needs, read from the manifests
 * themselves (runs everywhere), and a render by {@code kubectl kustomize} where kubectl is installed
 * ({@code kubectl apply --dry-run=client} needs an API server even with --validate=false, so it cannot
 * run here).
 */
class KubernetesManifestSpec extends Specification {

    static File dir = new File(Cli.root(), 'deploy/kubernetes')

    static String text(String name) {
        new File(dir, name).text
    }

    /** The value of the first {@code key: value} line (quotes dropped). */
    static String field(String yaml, String key) {
        def m = yaml =~ /(?m)^\s*${key}:\s*"?([^"#\n]*?)"?\s*(#.*)?$/
        m.find() ? m.group(1) : null
    }

    static boolean kubectl() {
        ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].any { new File(it).canExecute() }
    }

    def "the shards are an Indexed Job: completion index k runs --shard (k+1)/N, all N at once, not retried"() {
        given:
        def job = text('shards-job.yaml')

        expect:
        field(job, 'kind') == 'Job'
        field(job, 'apiVersion') == 'batch/v1'
        field(job, 'completionMode') == 'Indexed'
        def n = field(job, 'completions')
        field(job, 'parallelism') == n
        job =~ /(?s)- name: SHARDS\s+value: "${n}"/
        job.contains('--shard $((JOB_COMPLETION_INDEX + 1))/${SHARDS}')
        job.contains('--rendezvous /results/${RUN}/meet')
        job.contains('--out /results/${RUN}/shard-$((JOB_COMPLETION_INDEX + 1))')
        field(job, 'backoffLimitPerIndex') == '0'
        field(job, 'restartPolicy') == 'Never'
    }

    def "the scenario comes from the ConfigMap and the results go to the shared claim the merge Job reads"() {
        given:
        def job = text('shards-job.yaml')
        def merge = text('merge-job.yaml')
        def cm = text('configmap.yaml')
        def pvc = text('pvc.yaml')

        expect:
        field(cm, 'kind') == 'ConfigMap'
        cm =~ /(?m)^  name: stampede-scenario$/
        cm.contains('scenario.groovy: |')
        job =~ /(?s)configMap:\s+name: stampede-scenario/
        job.contains('run /scenario/scenario.groovy')
        field(pvc, 'kind') == 'PersistentVolumeClaim'
        pvc.contains('ReadWriteMany')
        job =~ /(?s)persistentVolumeClaim:\s+claimName: stampede-results/
        merge =~ /(?s)persistentVolumeClaim:\s+claimName: stampede-results/
        merge.contains('merge /results/${RUN}/shard-* --out /results/${RUN}/merged')
        field(merge, 'kind') == 'Job'
    }

    def "the image runs the fat jar on a JDK 21+ base"() {
        given:
        def docker = text('Dockerfile')
        def base = docker =~ /(?m)^FROM eclipse-temurin:(\d+)/

        expect:
        base.find()
        (base.group(1) as int) >= 21
        docker.contains('COPY cli/target/stampede.jar')
    }

    def "the scenario in the ConfigMap compiles"() {
        given:
        def body = text('configmap.yaml').split('scenario.groovy: \\|\n')[1].readLines().collect { it.startsWith('    ') ? it.substring(4) : it }.join('\n')
        def file = File.createTempFile('configmap', '.groovy')
        file.text = body

        when:
        def r = Cli.run('check', file.path, '--shard', '2/4')

        then:
        r.exit == 0
        r.out.readLines()[0] == 'shard 2/4 (set-up, teardown, timed events and the safety pre-flight run on shard 1)'

        cleanup:
        file.delete()
    }

    @Requires({ KubernetesManifestSpec.kubectl() })
    def "kubectl kustomize renders the ConfigMap, the claim and the Indexed Job (skipped where kubectl is not installed)"() {
        when:
        def p = new ProcessBuilder('kubectl', 'kustomize', dir.path).redirectErrorStream(true).start()
        def out = p.inputStream.text
        p.waitFor()

        then:
        p.exitValue() == 0
        (out =~ /(?m)^kind: (\w+)$/).collect { it[1] }.sort() == ['ConfigMap', 'Job', 'PersistentVolumeClaim']
        out.contains('completionMode: Indexed')
    }
}

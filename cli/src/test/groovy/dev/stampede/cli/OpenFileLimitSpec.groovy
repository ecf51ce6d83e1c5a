package dev.stampede.cli

import spock.lang.Requires
import spock.lang.Specification

import java.lang.management.ManagementFactory

/** The open-file limit read from /proc/self/limits agrees with the JVM's own answer, and the row is parsed as the kernel writes it. */
class OpenFileLimitSpec extends Specification {

    @Requires({ new File('/proc/self/limits').canRead() })
    def "on Linux the limit read from /proc is the operating-system bean's"() {
        expect:
        OpenFileLimit.current() == (ManagementFactory.operatingSystemMXBean as com.sun.management.UnixOperatingSystemMXBean).maxFileDescriptorCount
    }

    def "the Max open files row: #row"() {
        expect:
        OpenFileLimit.parse(text) == expected

        where:
        row             | text                                                                                                  || expected
        'a number'      | 'Limit                     Soft Limit           Hard Limit           Units     \nMax open files            1024                 524288               files     \n' || 1024
        'unlimited'     | 'Max open files            unlimited            unlimited            files     \n'                                 || -1
        'missing'       | 'Max processes             63704                63704                processes \n'                                 || -2
        'garbled'       | 'Max open files            lots                 lots                 files     \n'                                 || -2
    }
}

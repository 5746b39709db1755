// Shared by the failure-* cases: the build failed in the compile goal, its message holds every fragment in
// `expectedMessages` (set by the case's verify.groovy), and no generated file was left behind.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('espalier-maven-plugin') : 'the failure did not come from the compile goal'
expectedMessages.each { fragment ->
    assert log.contains(fragment) : "the message must contain: ${fragment}"
}
['target/generated-sources', 'target/generated-resources'].each { folder ->
    def root = new File(basedir, folder)
    def files = []
    if (root.exists()) {
        root.eachFileRecurse(groovy.io.FileType.FILES) { files << it }
    }
    assert files.isEmpty() : "partial output left behind: ${files}"
}
return true

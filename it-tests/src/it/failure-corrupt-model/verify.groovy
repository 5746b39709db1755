// The build must fail with the documented message and leave no generated file behind.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('espalier-maven-plugin') : 'the failure did not come from the compile goal'
assert log.contains('corrupt.onnx') : 'the message must name the file'
['target/generated-sources', 'target/generated-resources'].each { folder ->
    def root = new File(basedir, folder)
    def files = []
    if (root.exists()) {
        root.eachFileRecurse(groovy.io.FileType.FILES) { files << it }
    }
    assert files.isEmpty() : "partial output left behind: ${files}"
}
return true

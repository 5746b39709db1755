// Both modules compiled the model in one build run by two threads, and each module's test used its class.
def log = new File(basedir, 'build.log').text
assert log.contains('MultiThreadedBuilder') && log.contains('thread count of 2') : 'the build did not run with -T 2'
['first', 'second'].each { module ->
    assert log.contains("into com.example.${module}.TinyEncoder") : "${module}: the compile goal did not run"
    assert new File(basedir, "${module}/target/classes/com/example/${module}/TinyEncoder.class").isFile()
}
assert log.contains('first: after close: model ')
assert log.contains('second: info ')
['first/target/surefire-reports/TEST-com.example.first.SharedModelTest.xml',
 'second/target/surefire-reports/TEST-com.example.second.GeneratedClassTest.xml'].each { path ->
    def report = new File(basedir, path)
    assert report.isFile() : "${path}: the test did not run"
    assert report.text.contains('failures="0"') && report.text.contains('errors="0"')
}
return true

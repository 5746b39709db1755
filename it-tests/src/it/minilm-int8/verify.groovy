def log = new File(basedir, 'build.log').text
assert log.contains('minilm-int8: ours vs ONNX Runtime: min cosine')
assert log.contains('com.example.MiniLmQ is up to date') : 'the second run recompiled unchanged inputs'
assert new File(basedir, 'target/generated-sources/espalier/com/example/MiniLmQ.java').isFile()
assert new File(basedir, 'target/espalier/com.example.MiniLmQ.digest').isFile()
['surefire-reports', 'surefire-reports-without-avx'].each { folder ->
    def report = new File(basedir, "target/${folder}/TEST-com.example.MiniLmQFidelityTest.xml")
    assert report.isFile() : "${folder}: the fidelity test did not run"
    assert report.text.contains('failures="0"') && report.text.contains('errors="0"')
}
return true

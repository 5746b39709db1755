def log = new File(basedir, 'build.log').text
assert log.contains('bge-small-q: min cosine')
['surefire-reports', 'surefire-reports-without-avx'].each { folder ->
    def report = new File(basedir, "target/${folder}/TEST-com.example.BgeSmallFidelityTest.xml")
    assert report.isFile() : "${folder}: the fidelity test did not run"
    assert report.text.contains('failures="0"') && report.text.contains('errors="0"')
}
return true

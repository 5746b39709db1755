def log = new File(basedir, 'build.log').text
assert log.contains('bge-small: min cosine')
def report = new File(basedir, 'target/surefire-reports/TEST-com.example.BgeSmallFidelityTest.xml')
assert report.isFile() : 'the fidelity test did not run'
assert report.text.contains('failures="0"') && report.text.contains('errors="0"')
return true

// The search ran, logged its progress, wrote its report, and compiled the chosen variant into the class the
// test used.
def log = new File(basedir, 'build.log').text
assert log.contains('Searching all-minilm-l6-v2.onnx for com.example.MiniLm')
assert log.contains('Timing 24 variants for the latency table')
assert log =~ /Candidate 1: .* mean cosine 0\.\d+/
assert log.contains('of scoring left')
assert log.contains('Held-out fidelity of')
assert log.contains('search-minilm: against the original model')

def report = new File(basedir, 'target/espalier-search/com.example.MiniLm')
def json = new groovy.json.JsonSlurper().parse(new File(report, 'report.json'))
assert json.chosen != null
assert json.candidates.size() >= 2
assert new File(report, 'report.html').text.contains('<svg')

// Smaller matrices, so a smaller artifact than the unpruned model's (90,747,008 bytes): at least one block of
// 128 neurons (2 x 128 x 384 weights, 393 KB) or one head (4 x 32 x 384, 197 KB) is gone.
def artifact = new File(basedir, 'target/classes/com/example/MiniLm.esp')
assert artifact.isFile() && artifact.length() <= 90_747_008L - 196_608L
def results = new File(basedir, 'target/surefire-reports/TEST-com.example.SearchedMiniLmTest.xml')
assert results.isFile() && results.text.contains('failures="0"') && results.text.contains('errors="0"')
return true

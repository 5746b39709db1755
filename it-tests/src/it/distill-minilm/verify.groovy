// The distillation ran, logged held-out fidelity before and after training, improved on the least-squares
// repair, and compiled the student into the class the test used; a second build found it up to date.
def log = new File(basedir, 'build.log').text
assert log.contains('Distilling all-minilm-l6-v2.onnx into com.example.MiniLm')
assert log.contains('Running the original model over 256 training texts')
assert log =~ /Trained \d+ steps in \d+ s/

// ModelDistillation.describe: "<what>, <architecture> keeps on held-out text: mean cosine 0.9123, ..."
def meanCosine = { String what ->
    def line = log =~ /${what}, [^\n]* keeps on held-out text: mean cosine (\d+\.\d+)/
    assert line.find(), "no '${what}' held-out fidelity line in the build log"
    line.group(1) as double
}
def repaired = meanCosine('Repaired by least squares')
def distilled = meanCosine('Distilled')
println "distill-minilm: held-out mean cosine repaired ${repaired}, distilled ${distilled}"
assert distilled > repaired

assert log.contains('distill-minilm: against the original model')
// The second invocation (generate-sources) kept the outputs: one distillation, then the digest matched.
assert log.count('Distilling all-minilm-l6-v2.onnx into com.example.MiniLm') == 1
assert log.contains('com.example.MiniLm is up to date')

def results = new File(basedir, 'target/surefire-reports/TEST-com.example.DistilledMiniLmTest.xml')
assert results.isFile() && results.text.contains('failures="0"') && results.text.contains('errors="0"')
return true

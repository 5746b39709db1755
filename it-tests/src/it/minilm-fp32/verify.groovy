// The build passed, so both surefire executions passed; check that they really ran and that the plugin
// produced what users rely on.
def log = new File(basedir, 'build.log').text
assert log.contains('Compiling all-minilm-l6-v2.onnx into com.example.MiniLm')
assert log.contains('minilm-fp32: min cosine')

def source = new File(basedir, 'target/generated-sources/espalier/com/example/MiniLm.java')
assert source.isFile()
assert source.text.contains('public float[] embed(String text)')
assert source.text.contains('public Output forward(long[][] inputIds, long[][] attentionMask, long[][] tokenTypeIds)')
assert new File(basedir, 'target/classes/com/example/MiniLm.esp').isFile()
assert new File(basedir, 'target/classes/com/example/MiniLm.class').isFile()

['surefire-reports', 'surefire-reports-without-avx'].each { folder ->
    def report = new File(basedir, "target/${folder}/TEST-com.example.MiniLmFidelityTest.xml")
    assert report.isFile() : "${folder}: the fidelity test did not run"
    assert report.text.contains('tests="1"') && report.text.contains('failures="0"') && report.text.contains('errors="0"')
}
// The model jar was extracted into the build folder, not a temporary folder.
assert new File(basedir, 'target/espalier/models').listFiles().length == 1
return true

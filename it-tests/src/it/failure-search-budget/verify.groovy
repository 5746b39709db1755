// The build must fail naming the budget and what to do, with the report written and no class generated.
expectedMessages = ['No variant meets the budget of', 'Raise latencyBudget']
assert new File(basedir, 'target/espalier-search/com.example.MiniLm/report.html').isFile()
return evaluate(new File(itSource, 'failed-cleanly.groovy'))

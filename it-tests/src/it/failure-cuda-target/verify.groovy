// The build must fail with the documented message and leave no generated file behind.
expectedMessages = ['CUDA target is not supported yet by this build']
return evaluate(new File(itSource, 'failed-cleanly.groovy'))

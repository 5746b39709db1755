// The build must fail with the documented message and leave no generated file behind.
expectedMessages = ['Model file not found', 'missing.onnx']
return evaluate(new File(itSource, 'failed-cleanly.groovy'))

// The build must fail with the documented message and leave no generated file behind.
expectedMessages = ['corrupt.onnx', 'is not a readable ONNX model']
return evaluate(new File(itSource, 'failed-cleanly.groovy'))

// The build must fail with the documented message and leave no generated file behind.
expectedMessages = ['Operator NonMaxSuppression', "node 'nms'", 'opset 17', 'Supported operators: [Add, ']
return evaluate(new File(itSource, 'failed-cleanly.groovy'))

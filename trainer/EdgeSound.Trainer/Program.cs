using System.CommandLine;

var root = new RootCommand("EdgeSound trainer: ESC-50 analysis, frontend features, CNN training, int8 ONNX export and evaluation.");
return root.Parse(args).Invoke();

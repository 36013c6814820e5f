global using LossAnalyzers.Runtime;
global using LossAnalyzers.Runtime.Kernel;
global using TorchSharp;
global using Xunit;
global using static TorchSharp.torch;
global using Reduction = TorchSharp.torch.nn.Reduction;

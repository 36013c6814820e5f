global using LossAnalyzers.Runtime;
global using TorchSharp;
global using Xunit;
global using static TorchSharp.torch;

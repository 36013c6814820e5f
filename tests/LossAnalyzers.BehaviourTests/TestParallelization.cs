// TorchSharp's random generator is process-wide: a test seeds it with torch.manual_seed and then builds a model
// from it, so two tests running at once would draw each other's numbers. The tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

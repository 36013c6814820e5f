// TorchSharp's random generator is process-wide: tests that seed it with torch.manual_seed and then draw from it would
// draw each other's numbers if they ran at once. The tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

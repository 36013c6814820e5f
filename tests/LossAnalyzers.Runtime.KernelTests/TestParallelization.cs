// The kernel's vector path and thread count are process-wide switches that tests force in turn, and TorchSharp's
// random generator and thread setting are process-wide too: the tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

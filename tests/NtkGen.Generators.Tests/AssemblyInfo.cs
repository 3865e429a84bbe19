// The tests run Roslyn compilations (CPU-bound) on a two-core machine and register kernels in the process-wide
// KernelRegistry: running them one after another keeps timings predictable and the registry state simple.
[assembly: DoNotParallelize]
